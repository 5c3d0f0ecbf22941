using System.Text;
using Tessera.Server.Api.Alerts;

namespace Tessera.Server.Tests.Api.Alerts;

/// <summary>How a request body becomes alerts and located errors, before anything is mapped or stored.</summary>
public sealed class AlertRequestReaderTests
{
    // The reader works on the buffer a request body was copied into, so the stream must expose it (as ReadAsync's does).
    private static AlertRequestReader.Body Read(string body) => Read(Encoding.UTF8.GetBytes(body));

    private static AlertRequestReader.Body Read(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        buffer.Write(bytes);
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

    // QA pass 7: a Latin-1 byte was decoded to U+FFFD and the alert stored with it blanked out; the whole body is refused
    // now, naming the line, so a batch is never stored half-decoded. Each row sends 0xE9 ("é" in Latin-1) on line 2.
    [Theory]
    [InlineData("{\"title\":\"ok\"}\n{\"title\":\"caf#\"}\n{\"title\":\"ok\"}\n")] // JSON lines
    [InlineData("[{\"title\":\"ok\"},\n{\"title\":\"caf#\"}]")] // a JSON array over two lines
    [InlineData("{\n\"title\":\"caf#\"\n}")] // one pretty-printed object
    public void Read_InvalidUtf8_FatalNamingTheLineAndNoAlert(string text)
    {
        var parts = text.Split('#');
        byte[] bytes = [.. Encoding.UTF8.GetBytes(parts[0]), 0xE9, .. Encoding.UTF8.GetBytes(parts[1])];

        var body = Read(bytes);

        Assert.Equal("line 2 is not UTF-8 text (a byte no UTF-8 character starts with or continues): send UTF-8; nothing was read", body.Fatal);
        Assert.Empty(body.Alerts);
        Assert.Empty(body.Errors);
    }

    // QA pass 7: the per-alert limit of JSON lines applies to an array element too, named by its position.
    [Fact]
    public void Read_ArrayElementOverThePerAlertLimit_ThatElementRejected()
    {
        var body = Read($$"""[{"title":"ok"},{"title":"{{new string('A', Tessera.Core.Alerts.Ingest.AlertParser.MaxAlertChars)}}"}]""");

        Assert.Null(body.Fatal);
        Assert.Equal([1], body.Alerts.Select(a => a.Line));
        var error = Assert.Single(body.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("chars per alert", error.Message, StringComparison.Ordinal);
    }
}
