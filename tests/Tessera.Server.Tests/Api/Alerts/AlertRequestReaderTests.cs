using System.Text;
using Tessera.Server.Api.Alerts;

namespace Tessera.Server.Tests.Api.Alerts;

/// <summary>How a request body becomes alerts and located errors, before anything is mapped or stored.</summary>
public sealed class AlertRequestReaderTests
{
    // The reader works on the buffer a request body was copied into, so the stream must expose it (as ReadAsync's does).
    private static AlertRequestReader.Body Read(string body)
    {
        using var buffer = new MemoryStream();
        buffer.Write(Encoding.UTF8.GetBytes(body));
        buffer.Position = 0;
        return AlertRequestReader.Read(buffer);
    }

    [Fact]
    public void Read_JsonLinesWithLoneSurrogate_RejectsThatLineAndKeepsTheOthers()
    {
        var body = Read("{\"title\":\"ok\"}\n{\"title\":\"bad \\ud800\"}\n{\"title\":\"also ok\"}\n");

        Assert.Null(body.Fatal);
        Assert.Equal([1, 3], body.Alerts.Select(a => a.Line));
        var error = Assert.Single(body.Errors);
        Assert.Equal((2, "title"), (error.Line, error.Field));
        Assert.Contains("not valid text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ArrayWithLoneSurrogate_RejectsThatElementAndKeepsTheOthers()
    {
        var body = Read("[{\"title\":\"ok\"},{\"title\":\"x\",\"host\":{\"name\":\"\\udc00\"}}]");

        Assert.Equal([1], body.Alerts.Select(a => a.Line));
        Assert.Equal((2, "host.name"), (Assert.Single(body.Errors).Line, body.Errors[0].Field));
    }

    [Theory]
    [InlineData("[\n{\"title\":\"a\"},\n{\"title\":\"b\"},\n]", "line 4, column 1")] // trailing comma before ']'
    [InlineData("\n\n[{\"title\":\"a\"} {\"title\":\"b\"}]", "line 3, column 16")] // blank lines before the body count
    [InlineData("  [{\"title\":\"a\"} x]", "line 1, column 18")] // so do blanks before '[' on the first line
    public void Read_BrokenArray_FatalNamesLineAndColumn(string text, string where)
    {
        var body = Read(text);

        Assert.StartsWith($"the body starts with '[' but is not a valid JSON array: {where}: ", body.Fatal);
        Assert.DoesNotContain("LineNumber", body.Fatal, StringComparison.Ordinal);
        Assert.Empty(body.Alerts);
    }

    [Fact]
    public void Read_PrettyPrintedObjectWithTypo_OneErrorNamingTheRealLine()
    {
        var body = Read("{\n  \"id\": \"a\",\n  \"title\" \"Mimikatz\",\n  \"source\": \"edr\"\n}\n");

        Assert.Empty(body.Alerts);
        Assert.Empty(body.Errors);
        Assert.StartsWith("the body is one JSON object over several lines but is not valid JSON: line 3, column 11: ", body.Fatal);
        Assert.Contains("':'", body.Fatal, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PrettyPrintedObject_IsOneAlert()
    {
        var body = Read("{\n  \"id\": \"a\",\n  \"title\": \"Mimikatz\"\n}\n");

        Assert.Equal("Mimikatz", Assert.Single(body.Alerts).Alert.Title);
        Assert.Null(body.Fatal);
    }

    [Theory]
    [InlineData("{\"title\":\"cut\n{\"title\":\"ok\"}\n")] // the first line is cut short, the next is a whole alert
    [InlineData("{\"title\" \"x\"}\n{\"title\":\"ok\"}\n")] // the first line is broken by itself
    public void Read_JsonLinesWithBadFirstLine_StillLineByLine(string text)
    {
        var body = Read(text);

        Assert.Null(body.Fatal);
        Assert.Equal([2], body.Alerts.Select(a => a.Line));
        Assert.Equal(1, Assert.Single(body.Errors).Line);
    }
}
