using System.Text;
using Tessera.Core.Exposures;

namespace Tessera.Core.Tests.Exposures;

public sealed class ExposureImporterTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "exposures", name);

    private static Task<ExposureImportResult> Read(string name) => ExposureImporter.ReadFileAsync(Fixture(name), TestContext.Current.CancellationToken);

    private static IEnumerable<(int?, string?)> Locations(ExposureImportResult result) => result.Errors.Select(e => (e.At.Line, e.Field));

    [Theory]
    [InlineData("good.csv")]
    [InlineData("good.json")]
    public async Task ReadFileAsync_GoodFile_ImportsAllFields(string file)
    {
        var result = await Read(file);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(3, result.RowsRead);
        var (v1, v2, m1) = (result.Exposures[0], result.Exposures[1], result.Exposures[2]);
        Assert.Equal(("V-1", "CVE-2024-34102", "shop-01", ExposureSeverity.Critical, ExposureKind.Vulnerability), (v1.Id, v1.Cve, v1.Asset, v1.Severity, v1.Kind));
        Assert.Equal(new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero), v1.DetectedAt);
        // Lower-case CVE normalised; CVSS 7.5 is in the high band and kept as a score.
        Assert.Equal(("CVE-2019-15243", ExposureSeverity.High, 7.5), (v2.Cve, v2.Severity, v2.Cvss));
        Assert.Equal((ExposureKind.Misconfiguration, null), (m1.Kind, m1.Cve));
        Assert.Equal(["T1557.001", "T1021.002"], m1.Techniques.Select(t => t.Value));
    }

    [Fact]
    public async Task ReadFileAsync_CsvWithQuotedNewline_KeepsTitleAndStartLines()
    {
        var result = await Read("good.csv");

        Assert.Equal("Cisco SMB \"RV\" router\nmultiline title", result.Exposures[1].Title);
        Assert.Equal([2, 3, 5], result.Exposures.Select(e => e.Line));
        Assert.Equal(["Scanner Plugin"], result.IgnoredFields);
    }

    [Fact]
    public async Task ReadFileAsync_JsonUnknownProperties_ListedAsIgnored()
    {
        var result = await Read("good.json");

        // Only exposure properties are listed; file-level metadata beside "exposures" is not an exposure field.
        Assert.Equal(["tags"], result.IgnoredFields);
        Assert.Equal([4, 5, 6], result.Exposures.Select(e => e.Line));
    }

    [Fact]
    public async Task ReadFileAsync_BadCsvRows_EveryErrorWithLineAndFieldAndNothingImported()
    {
        var result = await Read("bad-rows.csv");

        Assert.Empty(result.Exposures);
        Assert.Equal(5, result.RowsRead);
        Assert.Equal(
        [
            (3, "id"), (3, "title"), (3, "cve"), (3, "severity"), (3, "detected"),
            (4, "techniques"), (4, "id"), // the duplicate row starts on line 4 although its title runs onto line 5
            (6, "severity"), // CVSS 11 is out of range
            (7, null), // more fields than the header
        ], Locations(result));
        Assert.Contains("first on line 2", result.Errors.Single(e => e is { At.Line: 4, Field: "id" }).Message);
    }

    [Fact]
    public void ReadCsv_SameCveTwiceOnOneAsset_ErrorOnTheRepeatNamingTheFirstLine()
    {
        // Stored exposures are keyed by (asset, CVE): the asset matches case-insensitively; another asset is fine.
        var csv = "id,cve,asset,severity,title\nA,CVE-2023-4966,vpn-01,high,a\nB,CVE-2023-4966,other,high,b\nC,cve-2023-4966,VPN-01,low,c\n";

        var result = ExposureImporter.ReadCsv(Encoding.UTF8.GetBytes(csv), "scan.csv");

        var error = Assert.Single(result.Errors);
        Assert.Equal((4, "cve"), (error.At.Line, error.Field));
        Assert.Contains("repeats line 2", error.Message);
        Assert.Empty(result.Exposures);
    }

    [Fact]
    public async Task ReadFileAsync_BadJsonObjects_EveryErrorWithLineAndNothingImported()
    {
        var result = await Read("bad-rows.json");

        Assert.Empty(result.Exposures);
        Assert.Equal(
        [
            (3, "asset"), // nested object
            (4, "techniques"), // number inside the list
            (5, "asset"), // "host" repeats "asset"
            (6, null), // a string where an object belongs
            (7, "cve"), (7, "severity"),
        ], Locations(result));
    }

    [Theory]
    [InlineData("missing-column.csv", 1, "severity")]
    [InlineData("duplicate-column.csv", 1, "asset")]
    [InlineData("truncated.json", 4, null)] // the document ends after line 3's newline, so the reader fails on line 4
    [InlineData("wrong-root.json", 1, null)]
    public async Task ReadFileAsync_BrokenFile_SingleLocatedError(string file, int line, string? field)
    {
        var result = await Read(file);

        Assert.Empty(result.Exposures);
        Assert.Equal((line, field), Locations(result).Single());
    }

    [Fact]
    public async Task ReadFileAsync_BadQuoting_ReportedNotThrown()
    {
        var result = await Read("bad-quote.csv");

        Assert.False(result.Succeeded);
        Assert.Empty(result.Exposures);
        Assert.Contains(result.Errors, e => e.Message.StartsWith("malformed quoting", StringComparison.Ordinal) && e.At.Line == 2);
    }

    [Fact]
    public async Task ReadFileAsync_UnsupportedExtension_Fails()
    {
        var path = Path.Combine(Path.GetTempPath(), $"exposures-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(path, "<x/>", TestContext.Current.CancellationToken);
        try
        {
            Assert.Contains("unsupported", Assert.Single((await ExposureImporter.ReadFileAsync(path, TestContext.Current.CancellationToken)).Errors).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadCsv_OverSizeCap_RejectedBeforeParsing()
    {
        var result = ExposureImporter.ReadCsv(new byte[ExposureImporter.MaxFileBytes + 1], "huge.csv");

        Assert.Contains("exceeds", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void ReadCsv_MoreRowsThanCap_RejectedWithLine()
    {
        var csv = new StringBuilder("id,asset,severity,title\n");
        for (var i = 0; i <= ExposureImporter.MaxRows; i++)
        {
            csv.Append("V-").Append(i).Append(",h,low,t\n");
        }

        var result = ExposureImporter.ReadCsv(Encoding.UTF8.GetBytes(csv.ToString()), "many.csv");

        Assert.Empty(result.Exposures);
        Assert.Equal((ExposureImporter.MaxRows + 2, (string?)null), Locations(result).Single());
    }

    [Fact]
    public void ReadJson_OverlongField_RejectedWithField()
    {
        var json = $"[{{\"id\":\"V\",\"asset\":\"a\",\"severity\":\"low\",\"title\":\"{new string('x', 5000)}\"}}]";

        var result = ExposureImporter.ReadJson(Encoding.UTF8.GetBytes(json), "long.json");

        Assert.Equal((1, "title"), Locations(result).First());
    }

    [Theory]
    [InlineData("title")]
    [InlineData("asset")]
    [InlineData("severity")]
    public void ReadJson_OverlongRequiredField_OneErrorSayingTooLongNotRequired(string field)
    {
        var values = new Dictionary<string, string> { ["id"] = "V", ["asset"] = "a", ["severity"] = "low", ["title"] = "t" };
        values[field] = new string('x', ExposureRowReader.MaxFieldChars + 1);
        var json = "[" + System.Text.Json.JsonSerializer.Serialize(values) + "]";

        var result = ExposureImporter.ReadJson(Encoding.UTF8.GetBytes(json), "long.json");

        var error = Assert.Single(result.Errors);
        Assert.Equal((1, field), (error.At.Line, error.Field));
        Assert.StartsWith("value longer than", error.Message, StringComparison.Ordinal);
    }

    // A host, ID or CVE is one line; a scanner's title may run over lines but holds no other control character.
    [Theory]
    [InlineData("asset", "web-01\r\nweb-02", "asset contains a control character (U+000D at position 7); it is one line of printable text.")]
    [InlineData("id", "V\u001b[2J", "id contains a control character (U+001B at position 2); it is one line of printable text.")]
    [InlineData("title", "Apache\u0000 RCE", "title contains a control character (U+0000 at position 7); only line breaks and tabs are allowed.")]
    public void ReadJson_ControlCharacter_OneErrorNamingFieldAndPosition(string field, string value, string message)
    {
        var values = new Dictionary<string, string> { ["id"] = "V", ["asset"] = "a", ["severity"] = "low", ["title"] = "t" };
        values[field] = value;
        var json = "[" + System.Text.Json.JsonSerializer.Serialize(values) + "]";

        var result = ExposureImporter.ReadJson(Encoding.UTF8.GetBytes(json), "control.json");

        Assert.Empty(result.Exposures);
        var error = Assert.Single(result.Errors);
        Assert.Equal((1, field, message), (error.At.Line, error.Field, error.Message));
    }

    [Fact]
    public void ReadJson_TitleOverTwoLines_Kept()
    {
        var json = """[{"id":"V","asset":"a","severity":"low","title":"Apache HTTP Server\nmod_proxy SSRF"}]""";

        var result = ExposureImporter.ReadJson(Encoding.UTF8.GetBytes(json), "lines.json");

        Assert.Empty(result.Errors);
        Assert.Equal("Apache HTTP Server\nmod_proxy SSRF", Assert.Single(result.Exposures).Title);
    }

    // QA: two arrays one after the other (concatenated exports), text after the array or a second object imported the
    // first part and reported success; a cut-off object ({"exposures":[…] without its }) too.
    [Theory]
    [InlineData("[{\"id\":\"K1\",\"asset\":\"k\",\"severity\":\"high\",\"title\":\"t1\"}]\n[{\"id\":\"K2\",\"asset\":\"k\",\"severity\":\"high\",\"title\":\"t2\"}]\n", 2, "content after the array")]
    [InlineData("[{\"id\":\"J1\",\"asset\":\"a\",\"severity\":\"high\",\"title\":\"t\"}]\n\ntrailing", 3, "content after the array")]
    [InlineData("{\"exposures\":[{\"id\":\"K1\",\"asset\":\"k\",\"severity\":\"high\",\"title\":\"t\"}]}{\"exposures\":[]}", 1, "content after the array")]
    [InlineData("{\"exposures\":[{\"id\":\"K1\",\"asset\":\"k\",\"severity\":\"high\",\"title\":\"t\"}]", 1, "invalid JSON")]
    public void ReadJson_MoreThanOneDocumentOrCutOff_RefusedWithTheLine(string json, int line, string message)
    {
        var result = ExposureImporter.ReadJson(Encoding.UTF8.GetBytes(json), "two.json");

        Assert.Empty(result.Exposures);
        var error = Assert.Single(result.Errors);
        Assert.Equal(line, error.At.Line);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJson_ObjectWithOtherPropertiesAfterTheArray_Read()
    {
        var json = """{"exposures":[{"id":"K1","asset":"k","severity":"high","title":"t"}],"generatedBy":{"tool":"scanner","version":3}}""";

        var result = ExposureImporter.ReadJson(Encoding.UTF8.GetBytes(json), "object.json");

        Assert.Empty(result.Errors);
        Assert.Single(result.Exposures);
    }

    // QA: a Latin-1 export's "café" was stored as "caf\uFFFD" by the CSV import, which the JSON import refused.
    [Fact]
    public void ReadCsv_BytesThatAreNotUtf8_RefusedNamingTheLine()
    {
        byte[] latin1 = [.. Encoding.ASCII.GetBytes("id,asset,severity,title\nL0,a,low,ok\nL1,a,low,caf"), 0xE9, (byte)'\n'];

        var result = ExposureImporter.ReadCsv(latin1, "latin.csv");

        Assert.Empty(result.Exposures);
        var error = Assert.Single(result.Errors);
        Assert.Equal((3, "not UTF-8 text (a byte no UTF-8 character starts with): save the file as UTF-8"), (error.At.Line, error.Message));
    }

    // QA: an unterminated quote swallows the rest of the file; the error named the line after the file's end.
    [Theory]
    [InlineData("id,asset,severity,title\nF6,h,high,\"unterminated,\nF7,h,high,ok\n")]
    [InlineData("id,asset,severity,title\nF6,h,high,\"unterminated,\nF7,h,high,ok")]
    public void ReadCsv_UnterminatedQuote_ErrorOnTheLineTheRowStarts(string csv)
    {
        var result = ExposureImporter.ReadCsv(Encoding.UTF8.GetBytes(csv), "q.csv");

        Assert.Empty(result.Exposures);
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.At.Line);
        Assert.StartsWith("malformed quoting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJson_CompactFile_ErrorsNameTheArrayIndex()
    {
        var json = """[{"id":"A","asset":"h","severity":"low","title":"t"},{"id":"B","asset":"h","severity":"bad","title":"t"},"""
            + """{"id":"C","asset":"h","severity":"high","title":"t"},{"id":"D","asset":"h","severity":"worse","title":"t"}]""";

        var result = ExposureImporter.ReadJson(Encoding.UTF8.GetBytes(json), "compact.json");

        Assert.Empty(result.Exposures);
        Assert.Equal([(1, 1, "severity"), (1, 3, "severity")], result.Errors.Select(e => (e.At.Line, e.Index, e.Field)));
        Assert.Equal("compact.json:1: [3] severity: 'worse' is not a severity (critical, high, medium, low) or a CVSS score from 0 to 10",
            result.Errors[1].ToString());
    }

    [Fact]
    public void ReadJson_ExposuresObject_IndexCountsWithinTheArray()
    {
        var json = """{"scanner":"x","exposures":[{"id":"A","asset":"h","severity":"low","title":"t"},{"id":"B","asset":"h","severity":"low"}]}""";

        var result = ExposureImporter.ReadJson(Encoding.UTF8.GetBytes(json), "wrapped.json");

        var error = Assert.Single(result.Errors);
        Assert.Equal((1, "title"), (error.Index, error.Field));
    }

    [Fact]
    public void ReadCsv_Errors_CarryNoIndex()
    {
        var result = ExposureImporter.ReadCsv("id,asset,severity,title\nV,h,bad,t\n"u8.ToArray(), "scan.csv");

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, (int?)null), (error.At.Line, error.Index));
    }

    [Theory]
    [InlineData("""[{"id":"A","asset":"h","severity":"low","title":"t"},{"id":"B","asset":"bad \ud800","severity":"low","title":"t"}]""", "asset")]
    [InlineData("""[{"id":"A","asset":"h","severity":"low","title":"t"},{"id":"B","asset":"h","severity":"low","title":"t","techniques":["T1059","\udc00"]}]""", "techniques")]
    [InlineData("""[{"id":"A","asset":"h","severity":"low","title":"t"},{"id":"B","asset":"h","severity":"low","title":"t","n\ud800":"x"}]""", null)]
    public void ReadJson_LoneSurrogateEscape_LocatedErrorAndNothingImported(string json, string? field)
    {
        var result = ExposureImporter.ReadJson(Encoding.UTF8.GetBytes(json), "scan.json");

        Assert.Empty(result.Exposures);
        var error = Assert.Single(result.Errors);
        Assert.Equal((1, 1, field), (error.At.Line, error.Index, error.Field));
        Assert.Contains("not valid text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJson_LoneSurrogateInIgnoredProperty_IsIgnoredLikeTheProperty()
    {
        var json = """[{"id":"A","asset":"h","severity":"low","title":"t","comment":"\ud800"}]""";

        var result = ExposureImporter.ReadJson(Encoding.UTF8.GetBytes(json), "scan.json");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(["comment"], result.IgnoredFields);
    }

    [Theory]
    [InlineData("critical", ExposureSeverity.Critical)]
    [InlineData("Moderate", ExposureSeverity.Medium)] // some scanners say moderate
    [InlineData("9.0", ExposureSeverity.Critical)] // band edges per CVSS v3
    [InlineData("8.9", ExposureSeverity.High)]
    [InlineData("4", ExposureSeverity.Medium)]
    [InlineData("3.9", ExposureSeverity.Low)]
    [InlineData("0.0", ExposureSeverity.Low)] // CVSS "none" kept as low, not dropped
    public void ReadCsv_Severity_MapsToBand(string severity, ExposureSeverity expected)
    {
        var result = ExposureImporter.ReadCsv(Encoding.UTF8.GetBytes($"id,asset,severity,title\nV,h,{severity},t\n"), "s.csv");

        Assert.Equal(expected, Assert.Single(result.Exposures).Severity);
    }

    [Fact]
    public void ReadCsv_ExplicitKind_OverridesCveDefault()
    {
        var result = ExposureImporter.ReadCsv(Encoding.UTF8.GetBytes("id,cve,asset,severity,title,kind\nV,CVE-2021-44228,h,high,t,misconfiguration\n"), "k.csv");

        Assert.Equal(ExposureKind.Misconfiguration, Assert.Single(result.Exposures).Kind);
    }

    [Fact]
    public void ReadJson_EmptyInput_Fails() =>
        Assert.False(ExposureImporter.ReadJson(ReadOnlyMemory<byte>.Empty, "empty.json").Succeeded);

    [Fact]
    public void ReadCsv_HeaderOnly_SucceedsEmpty()
    {
        var result = ExposureImporter.ReadCsv("id,asset,severity,title\n"u8.ToArray(), "none.csv");

        Assert.True(result.Succeeded);
        Assert.Empty(result.Exposures);
    }
}
