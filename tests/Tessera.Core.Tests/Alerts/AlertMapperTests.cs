using System.Text.Json;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Ingest;
using Tessera.Core.Alerts.Library;

namespace Tessera.Core.Tests.Alerts;

public sealed class AlertMapperTests(MapperFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private AlertMapper WithLibrary(out AlertLibrary library)
    {
        library = new AlertLibrary(new InMemoryAlertLibraryStore(), TimeProvider.System);
        return fixture.Mapper.WithLibrary(library);
    }

    [Fact]
    public void Map_TechniqueIdWrittenInTitle_ComesFirstWithItsReason()
    {
        var mapping = fixture.Mapper.Map(Alert.FromTitle("T1547.001 Run key added by unsigned binary"));

        var first = mapping.Techniques[0];
        Assert.Equal("T1547.001", first.Id);
        Assert.Contains(first.Why, w => w.Contains("names the technique ID T1547.001"));
    }

    [Fact]
    public void Map_VBulletinExploitTitle_RanksT1190FirstAndExplainsPublicFacing()
    {
        var mapping = fixture.Mapper.Map(Alert.FromTitle("ET EXPLOIT vBulletin 5.x Routestring widgetConfig Remote Code Execution"));

        var first = mapping.Techniques[0];
        Assert.Equal("T1190", first.Id);
        Assert.Equal("Exploit Public-Facing Application", first.Name);
        Assert.Contains("initial-access", first.Tactics);
        Assert.Equal(SuggestionOrigin.Model, first.Origin);
        Assert.Contains(first.Why, w => w.Contains("public-facing"));
        Assert.InRange(first.Confidence, 0.0, 1.0);
        Assert.Contains("vBulletin", mapping.Summary);
    }

    [Theory]
    [InlineData("Mimikatz credential dumping from LSASS memory", "T1003")]       // family match: T1003 or T1003.001
    [InlineData("ET SCAN Nmap Scripting Engine port scan", "T1046")]
    [InlineData("Scheduled task created with schtasks for persistence", "T1053")]
    public void Map_CommonAlerts_RankExpectedFamilyInTopThree(string title, string family)
    {
        var ids = fixture.Mapper.Rank(Alert.FromTitle(title), 3);

        Assert.Contains(ids, id => id[..5] == family);
    }

    [Fact]
    public void Map_KevCve_ExplainsWithCtidEvidence()
    {
        var mapping = fixture.Mapper.Map(Alert.FromTitle("Exploitation attempt CVE-2024-34102"));

        var t1190 = Assert.Single(mapping.Techniques, t => t.Id == "T1190");
        Assert.Contains(t1190.Why, w => w.Contains("CVE-2024-34102") && w.Contains("ctid-kev"));
    }

    [Fact]
    public void Map_VendorHints_ComeBeforeModelWithVendorOrigin()
    {
        var alert = AlertParser.Parse(AlertFixtures.Read("wazuh-alert.json")).Alert!;

        var mapping = fixture.Mapper.Map(alert);

        Assert.Equal("T1110", mapping.Techniques[0].Id);
        Assert.Equal(SuggestionOrigin.Vendor, mapping.Techniques[0].Origin);
        Assert.Equal(AlertMapper.VendorConfidence, mapping.Techniques[0].Confidence);
        Assert.Contains("rule.mitre.id", mapping.Techniques[0].Why[0]);
    }

    [Fact]
    public async Task Map_AnalystConfirmed_OutranksVendorAndModel()
    {
        var mapper = WithLibrary(out var library);
        var alert = AlertParser.Parse(AlertFixtures.Read("suricata-eve-alert.json")).Alert!;
        await library.ConfirmAsync(alert.Title, "alice", ["T1505.003"], _ct);

        var origins = mapper.Map(alert).Techniques.Select(t => (t.Id, t.Origin)).ToList();

        Assert.Equal(("T1505.003", SuggestionOrigin.Analyst), origins[0]);
        Assert.Equal(("T1190", SuggestionOrigin.Vendor), origins[1]);
        Assert.All(origins.Skip(2), o => Assert.Equal(SuggestionOrigin.Model, o.Origin));
    }

    [Fact]
    public async Task Map_AfterCorrection_NextAlertUsesCorrectionImmediately()
    {
        var mapper = WithLibrary(out var library);
        const string title = "ET EXPLOIT vBulletin 5.x Routestring widgetConfig Remote Code Execution";
        Assert.Equal("T1190", mapper.Rank(Alert.FromTitle(title), 1)[0]);

        await library.CorrectAsync(title, "bob", ["T1059.004"], _ct);
        await library.RejectAsync(title, "bob", ["T1190"], _ct);
        var next = mapper.Map(Alert.FromTitle("ET EXPLOIT vBulletin 5.6.2 Routestring widgetConfig Remote Code Execution"));

        Assert.Equal("T1059.004", next.Techniques[0].Id);
        Assert.Equal(SuggestionOrigin.Analyst, next.Techniques[0].Origin);
        Assert.DoesNotContain(next.Techniques, t => t.Id == "T1190");
    }

    [Fact]
    public async Task Map_NearDuplicateOfConfirmed_UsesAnalystSimilarOrigin()
    {
        var mapper = WithLibrary(out var library);
        await library.ConfirmAsync("ET TROJAN Cobalt Strike Beacon Observed", "alice", ["T1071.001"], _ct);

        var first = mapper.Map(Alert.FromTitle("ET TROJAN Cobalt Strike Beacon Observed M2")).Techniques[0];

        Assert.Equal("T1071.001", first.Id);
        Assert.Equal(SuggestionOrigin.AnalystSimilar, first.Origin);
        Assert.True(first.Confidence < AlertMapper.AnalystConfidence);
    }

    [Fact]
    public async Task Map_AnalystConfirmedV19Technique_NamedByAtomicWithItsEarlierIdAndFlagged()
    {
        var mapper = WithLibrary(out var library);
        await library.ConfirmAsync("Custom stealth tooling alert", "alice", ["T1685"], _ct);

        var first = mapper.Map(Alert.FromTitle("Custom stealth tooling alert"));

        Assert.Equal("Disable or Modify Tools", first.Techniques[0].Name);
        Assert.Equal("T1562.001", first.Techniques[0].SameAs);
        Assert.Contains(first.Notices, n => n.StartsWith("T1685 is not in ATT&CK 18.1", StringComparison.Ordinal) && n.Contains("T1562.001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Map_AnalystConfirmedIdNothingNames_OutputWithoutNameAndFlagged()
    {
        var mapper = WithLibrary(out var library);
        // T1686.003 appears in Sigma tags only; no Atomic technique file names it.
        await library.ConfirmAsync("Custom firewall tampering alert", "alice", ["T1686.003"], _ct);

        var mapping = mapper.Map(Alert.FromTitle("Custom firewall tampering alert"));

        Assert.Null(mapping.Techniques[0].Name);
        Assert.Null(mapping.Techniques[0].SameAs);
        Assert.Contains(mapping.Notices, n => n.StartsWith("T1686.003 is not in ATT&CK 18.1 (newer or unknown ID)", StringComparison.Ordinal));
    }

    [Fact]
    public void Serialize_Mapping_UsesCliContractShape()
    {
        var mapping = fixture.Mapper.Map(AlertParser.Parse(AlertFixtures.Read("html-title.json")).Alert!);

        var json = AlertMappingJson.Serialize(mapping);
        using var doc = JsonDocument.Parse(json);

        var root = doc.RootElement;
        Assert.Equal("gen-html", root.GetProperty("id").GetString());
        var technique = root.GetProperty("techniques")[0];
        Assert.Matches(@"^T\d{4}", technique.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Number, technique.GetProperty("confidence").ValueKind);
        Assert.Equal("model", technique.GetProperty("origin").GetString());
        Assert.Equal(JsonValueKind.Array, technique.GetProperty("why").ValueKind);
        Assert.Equal(JsonValueKind.Object, root.GetProperty("parts").ValueKind);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("summary").GetString()));
        Assert.DoesNotContain("<script>", json);
    }

    [Fact]
    public void Map_TruncatedTitle_AddsNotice()
    {
        var alert = AlertParser.Parse($$"""{"id":"big","title":"ET EXPLOIT {{new string('x', 1 << 20)}}"}""").Alert!;

        var mapping = fixture.Mapper.Map(alert);

        Assert.Contains("title was truncated on ingest", mapping.Notices);
    }

    [Theory]
    [InlineData("ET EXPLOIT vBulletin 5.x Routestring widgetConfig Remote Code Execution")]
    [InlineData("Scheduled task created with schtasks for persistence")]
    public void Rank_WithoutLibraryOrVendorHints_SameOrderAsMap(string title)
    {
        var alert = Alert.FromTitle(title);

        var ranked = fixture.Mapper.Rank(alert, 5);

        Assert.Equal(fixture.Mapper.Map(alert, 5).Techniques.Select(t => t.Id), ranked);
    }

    [Fact]
    public void WithCalibration_HigherRestScore_LowersFirstConfidenceKeepsOrder()
    {
        var alert = Alert.FromTitle("Mimikatz credential dumping from LSASS memory");
        var sharp = fixture.Mapper.WithCalibration(0.5, 0).Map(alert, 3);
        var doubtful = fixture.Mapper.WithCalibration(0.5, 0.5).Map(alert, 3);

        Assert.Equal(sharp.Techniques.Select(t => t.Id), doubtful.Techniques.Select(t => t.Id));
        Assert.True(doubtful.Techniques[0].Confidence < sharp.Techniques[0].Confidence);
        Assert.Equal(0.5, fixture.Mapper.WithCalibration(0.2, 0.5).WithLibrary(null).RestScore);
    }
}
