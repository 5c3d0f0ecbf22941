using System.Text;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Ingest;

namespace Tessera.Core.Tests.Alerts.Ingest;

public sealed class AlertParserTests
{
    private static Alert ParseFixture(string name)
    {
        var result = AlertParser.Parse(AlertFixtures.Read(name));
        Assert.True(result.Ok, result.Error?.ToString());
        return result.Alert!;
    }

    [Fact]
    public void Parse_SuricataEve_ReadsSignatureLocationAndVendorTechnique()
    {
        var alert = ParseFixture("suricata-eve-alert.json");

        Assert.Equal(AlertShape.Suricata, alert.Shape);
        Assert.Equal("ET EXPLOIT vBulletin 5.x Routestring widgetConfig Remote Code Execution", alert.Title);
        Assert.Equal("1187654321098765:2029027", alert.Id);
        Assert.Equal("80", alert.Fields["dest_port"]);
        Assert.Equal("/ajax/render/widget_php?routestring=widget_php", alert.Fields["http.url"]);
        Assert.Contains("Attempted Administrator Privilege Gain", alert.Description);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 10, 12, 44, 123, TimeSpan.Zero).AddTicks(4560), alert.Timestamp);
        var hint = Assert.Single(alert.VendorHints);
        Assert.Equal("T1190", hint.TechniqueId);
    }

    [Fact]
    public void Parse_Wazuh_ReadsRuleDescriptionAndMitre()
    {
        var alert = ParseFixture("wazuh-alert.json");

        Assert.Equal(AlertShape.Wazuh, alert.Shape);
        Assert.StartsWith("sshd: brute force", alert.Title);
        Assert.Equal("1709636537.1234567", alert.Id);
        Assert.Equal("198.51.100.77", alert.Fields["data.srcip"]);
        Assert.Equal("Brute Force", Assert.Single(alert.VendorHints).Name);
    }

    [Fact]
    public void Parse_ElasticEcs_ReadsDottedKeysAndNestedThreat()
    {
        var alert = ParseFixture("elastic-ecs-alert.json");

        Assert.Equal(AlertShape.Elastic, alert.Shape);
        Assert.Equal("Potential Credential Access via LSASS Memory Dump", alert.Title);
        Assert.Equal("5b0d3c0e-8f7a-4b3e-9a51-2f7d0e1c6a11", alert.Id);
        Assert.Contains("lsass.exe", alert.Fields["process.command_line"]);
        Assert.Equal(["T1003", "T1003.001"], alert.VendorHints.Select(h => h.TechniqueId));
    }

    // QA pass 6: Elastic Security's own detection alerts carry sub-techniques under kibana.alert.rule.threat, and only
    // the technique was read (the plain ECS path had both).
    [Fact]
    public void Parse_KibanaDetectionAlert_ReadsTheRuleSubTechniques()
    {
        var result = AlertParser.Parse("""
            {"@timestamp":"2024-05-01T10:00:00Z","kibana":{"alert":{"uuid":"k1","rule":{"name":"Scheduled Task Created",
             "threat":[{"framework":"MITRE ATT&CK","tactic":{"id":"TA0003"},
               "technique":[{"id":"T1053","name":"Scheduled Task/Job","subtechnique":[{"id":"T1053.005","name":"Scheduled Task"}]}]}]}}}}
            """);

        Assert.Equal(["T1053", "T1053.005"], result.Alert!.VendorHints.Select(h => h.TechniqueId));
    }

    // QA pass 7: technique hints sent as objects flatten to ".id" paths, which a generic alert did not read: the hints
    // were dropped without a word. Unknown IDs (v19's T1685) are kept like string hints; malformed ones are skipped.
    [Theory]
    [InlineData("""{"title":"x","techniques":[{"id":"T1059.001","name":"PowerShell"}]}""", "T1059.001")]
    [InlineData("""{"title":"x","techniques":["T1003",{"id":"T1059"},{"id":"bogus"}]}""", "T1003,T1059")]
    [InlineData("""{"title":"x","techniques":[{"id":"T1685"}]}""", "T1685")]
    [InlineData("""{"title":"x","threat":{"technique":[{"id":"T1059","name":"Command and Scripting Interpreter","subtechnique":[{"id":"T1059.001"}]}]}}""", "T1059,T1059.001")]
    [InlineData("""{"title":"x","threat":[{"technique":{"id":["T1566","T1566.001"]}}]}""", "T1566,T1566.001")] // ECS allows an array of IDs
    [InlineData("""{"title":"x","threat.technique.id":"T1110"}""", "T1110")] // dotted ECS keys
    public void Parse_GenericAlertWithTechniqueObjects_ReadsTheirIdsAsVendorHints(string json, string expected)
    {
        var result = AlertParser.Parse(json);

        Assert.True(result.Ok, result.Error?.ToString());
        Assert.Equal(AlertShape.Generic, result.Alert!.Shape);
        Assert.Equal(expected.Split(','), result.Alert.VendorHints.Select(h => h.TechniqueId));
    }

    [Fact]
    public void Parse_GenericTechniqueObjectWithName_KeepsTheName()
    {
        var result = AlertParser.Parse("""{"title":"x","techniques":[{"id":"T1059.001","name":"PowerShell"}]}""");

        Assert.Equal(("T1059.001", "PowerShell"), (Assert.Single(result.Alert!.VendorHints).TechniqueId, result.Alert.VendorHints[0].Name));
    }

    // QA pass 7: the 8 M-char limit applied to JSON lines only; an array element or a one-object body of any size was read.
    [Fact]
    public void Parse_ElementOverThePerAlertLimit_RejectedNamingItsPosition()
    {
        var big = new string('A', AlertParser.MaxAlertChars);
        using var doc = System.Text.Json.JsonDocument.Parse($$"""[{"title":"ok"},{"title":"x","padding":"{{big}}"}]""");
        var elements = doc.RootElement.EnumerateArray().ToList();

        var ok = AlertParser.Parse(elements[0], 1);
        var tooBig = AlertParser.Parse(elements[1], 2);

        Assert.True(ok.Ok);
        Assert.Equal(2, tooBig.Error!.Line);
        Assert.Equal($"the alert is {AlertParser.MaxAlertChars + 26:N0} chars; the limit is {AlertParser.MaxAlertChars:N0} chars per alert", tooBig.Error.Message);
    }

    [Fact]
    public void Parse_LineOverThePerAlertLimit_SameMessage()
    {
        var line = $$"""{"title":"{{new string('A', AlertParser.MaxAlertChars)}}"}""";

        var result = AlertParser.Parse(line, 4);

        Assert.Equal((4, $"the alert is {line.Length:N0} chars; the limit is {AlertParser.MaxAlertChars:N0} chars per alert"), (result.Error!.Line, result.Error.Message));
    }

    // QA pass 6: a generic alert's source went to storage as sent: a NUL in it failed the whole batch on PostgreSQL.
    [Theory]
    [InlineData("siem\\u0000prod", "siem prod")]
    [InlineData("\\u001b[31m", "[31m")]
    [InlineData("\\u0000", "generic")]
    public void Parse_GenericSourceWithControlCharacters_CleanedLikeTheTitle(string source, string expected)
    {
        var result = AlertParser.Parse($$"""{"title":"Beacon","source":"{{source}}"}""");

        Assert.Equal(expected, result.Alert!.Source);
    }

    // QA pass 6: these were all "unrecognised alert shape", though each has a title, or a null one.
    [Fact]
    public void Parse_NullTitleOrTitleBeyondTheLimits_SaysSo()
    {
        var nullTitle = AlertParser.Parse("""{"title":null}""");
        var wide = AlertParser.Parse(System.Text.Json.JsonSerializer.Serialize(
            Enumerable.Range(0, 5000).ToDictionary(i => $"f{i}", i => (object)i).Append(new("title", "late")).ToDictionary()));
        var deep = """{"title":"deep"}""";
        for (var i = 0; i < 40; i++)
        {
            deep = $$"""{"n":{{deep}}}""";
        }

        Assert.Equal(("title is null: a generic alert needs a title (text)", "title"), (nullTitle.Error!.Message, nullTitle.Error.Field));
        Assert.Contains("up to 4,096 fields and 32 levels of nesting", wide.Error!.Message);
        Assert.Contains("up to 4,096 fields and 32 levels of nesting", AlertParser.Parse(deep).Error!.Message);
    }

    [Fact]
    public void Parse_SigmaMatch_UsesTagsAsVendorHints()
    {
        var alert = ParseFixture("sigma-match.json");

        Assert.Equal(AlertShape.Sigma, alert.Shape);
        Assert.Equal("Suspicious Encoded PowerShell Command Line", alert.Title);
        Assert.Equal("T1059.001", Assert.Single(alert.VendorHints).TechniqueId);
        Assert.Contains("-enc", alert.Fields["matches.CommandLine"]);
    }

    [Fact]
    public void Parse_Generic_ReadsFieldsAndSource()
    {
        var alert = ParseFixture("generic-alert.json");

        Assert.Equal(AlertShape.Generic, alert.Shape);
        Assert.Equal("netflow-analytics", alert.Source);
        Assert.Equal("gen-42", alert.Id);
        Assert.Equal("update-check.example.net", alert.Fields["fields.domain"]);
        Assert.Empty(alert.VendorHints);
    }

    // Suricata fires several signatures on one flow; the flow id alone made them one alert, so attaching the second
    // to an incident was refused as "already attached".
    [Theory]
    [InlineData("""{"event_type":"alert","flow_id":77,"alert":{"signature_id":2029027,"signature":"ET EXPLOIT vBulletin RCE"}}""", "77:2029027")]
    [InlineData("""{"event_type":"alert","flow_id":77,"alert":{"signature_id":2024364,"signature":"ET SCAN Nmap User-Agent"}}""", "77:2024364")]
    [InlineData("""{"event_type":"alert","flow_id":77,"alert":{"signature":"ET SCAN Nmap User-Agent"}}""", "77")]
    [InlineData("""{"event_type":"alert","id":"eve-9","flow_id":77,"alert":{"signature_id":1,"signature":"Local rule"}}""", "eve-9")]
    public void Parse_SuricataWithoutId_FlowAndSignatureNameTheAlert(string json, string expected)
    {
        var result = AlertParser.Parse(json);

        Assert.True(result.Ok, result.Error?.ToString());
        Assert.Equal(expected, result.Alert!.Id);
    }

    [Fact]
    public void Parse_UnknownShape_ReturnsErrorNamingLine()
    {
        var result = AlertParser.Parse(AlertFixtures.Read("unknown-shape.json"), line: 7, file: "alerts.jsonl");

        Assert.False(result.Ok);
        Assert.Equal(7, result.Error!.Line);
        Assert.Contains("unrecognised alert shape", result.Error.Message);
        Assert.StartsWith("alerts.jsonl:line 7", result.Error.ToString());
    }

    [Fact]
    public void Parse_EmptyTitle_ReturnsErrorWithField()
    {
        var result = AlertParser.Parse(AlertFixtures.Read("empty-title.json"));

        Assert.False(result.Ok);
        Assert.Equal("empty title", result.Error!.Message);
        Assert.Equal("title", result.Error.Field);
    }

    [Fact]
    public void Parse_OneMegabyteTitle_TruncatesAndFlags()
    {
        var title = new string('A', 1 << 20);
        var result = AlertParser.Parse($$"""{"id":"big","title":"{{title}}","source":"x"}""");

        Assert.True(result.Ok);
        Assert.Equal(AlertParser.MaxTitleChars, result.Alert!.Title.Length);
        Assert.True(result.Alert.TitleTruncated);
        Assert.Contains(result.Notices, n => n.Contains("truncated"));
    }

    [Theory]
    [InlineData(100_008)]
    [InlineData(AlertParser.MaxTitleChars + 1)]
    public void Parse_LongTitle_NoticeQuotesTheLengthSent(int length)
    {
        var title = new string('A', length);
        var result = AlertParser.Parse($$"""{"title":"{{title}}"}""");

        Assert.True(result.Alert!.TitleTruncated);
        Assert.Equal($"title truncated from {length:N0} to {AlertParser.MaxTitleChars:N0} chars", Assert.Single(result.Notices));
    }

    [Fact]
    public void Parse_TitleExactlyAtLimit_IsNotFlagged()
    {
        var result = AlertParser.Parse($$"""{"title":"{{new string('A', AlertParser.MaxTitleChars)}}"}""");

        Assert.False(result.Alert!.TitleTruncated);
        Assert.Empty(result.Notices);
    }

    [Fact]
    public void Parse_LongTitleMostlyBlank_FlagsTheCutEvenWhenTheKeptTextIsShort()
    {
        // The flattener keeps the first 65,537 chars (64,000 blanks, 1,537 'A's); trimmed, that fits, yet text was lost.
        var title = new string(' ', 64_000) + new string('A', 40_000);
        var result = AlertParser.Parse($$"""{"title":"{{title}}"}""");

        Assert.True(result.Alert!.TitleTruncated);
        Assert.Equal("title truncated from 104,000 to 1,537 chars", Assert.Single(result.Notices));
    }

    [Theory]
    [InlineData("""{"title":"bad \ud800"}""", "title")]
    [InlineData("""{"title":"ok","event":{"detail":["x","\udc00 low"]}}""", "event.detail")]
    [InlineData("""{"title":"ok","na\ud800me":"x"}""", "(a property name)")]
    public void Parse_LoneSurrogateEscape_RejectsTheAlertNamingTheField(string json, string field)
    {
        var result = AlertParser.Parse(json, line: 7);

        Assert.False(result.Ok);
        Assert.Equal(7, result.Error!.Line);
        Assert.Equal(field, result.Error.Field);
        Assert.Contains("not valid text", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EscapedSurrogatePair_IsReadAsOneCharacter()
    {
        var result = AlertParser.Parse("""{"title":"smile \ud83d\ude00"}""");

        Assert.Equal("smile \U0001F600", result.Alert!.Title);
    }

    [Fact]
    public void Parse_HtmlInTitle_KeptAsPlainText()
    {
        var alert = ParseFixture("html-title.json");

        Assert.Equal("<script>alert('x')</script> SQL Injection attempt on <b>/login.php</b>", alert.Title);
    }

    [Theory]
    [InlineData("[1,2,3]")]        // JSON but not an object
    [InlineData("{\"title\":")]    // truncated JSON
    [InlineData("not json at all")]
    public void Parse_NotAnAlertObject_ReturnsError(string line) => Assert.False(AlertParser.Parse(line).Ok);

    [Fact]
    public async Task ReadAllAsync_JunkLinesBetweenAlerts_KeepsGoodLinesAndReportsBadOnes()
    {
        await using var stream = File.OpenRead(AlertFixtures.PathOf("mixed-batch-with-junk.jsonl"));

        var batch = await AlertBatchReader.ReadAllAsync(stream, "mixed.jsonl", TestContext.Current.CancellationToken);

        Assert.Equal(["ok-1", "ok-2"], batch.Alerts.Select(a => a.Id));
        // Line 2 is binary junk, whose \r splits off line 3 (more junk); line 4 is blank (skipped); line 6 has an unknown shape.
        Assert.Equal([2, 3, 6], batch.Errors.Select(e => e.Line));
        Assert.All(batch.Errors, e => Assert.Equal("mixed.jsonl", e.File));
    }

    // QA pass 7: invalid UTF-8 (a Latin-1 "café") was decoded to U+FFFD, then cleaned to a blank: stored as "caf".
    [Fact]
    public async Task ReadAllAsync_InvalidUtf8Line_RejectedNamingTheLine()
    {
        byte[] bytes = [.. "{\"title\":\"one\"}\r\n{\"title\":\"caf"u8, 0xE9, .. "\"}\n\n{\"title\":\"three\"}\n"u8];
        await using var stream = new MemoryStream(bytes);

        var batch = await AlertBatchReader.ReadAllAsync(stream, "latin1.jsonl", TestContext.Current.CancellationToken);

        Assert.Equal(["one", "three"], batch.Alerts.Select(a => a.Title));
        var error = Assert.Single(batch.Errors);
        Assert.Equal(2, error.Line);
        Assert.StartsWith("not UTF-8 text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAllAsync_ControlCharactersInTitle_AreRemoved()
    {
        var line = "{\"title\":\"Beacon\\u0007 to \\u001b[31mC2\",\"id\":\"c\"}";
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(line));

        var batch = await AlertBatchReader.ReadAllAsync(stream, ct: TestContext.Current.CancellationToken);

        Assert.Equal("Beacon  to  [31mC2", Assert.Single(batch.Alerts).Title);
    }
}
