using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Decomposition;

namespace Tessera.Core.Tests.Alerts.Decomposition;

public sealed class AlertDecomposerTests(MapperFixture fixture)
{
    private readonly AlertDecomposer _decomposer = new(fixture.Kev);

    [Fact]
    public void Decompose_VBulletinExploit_FindsPrefixProductComponentAndActivity()
    {
        var parts = _decomposer.Decompose(Alert.FromTitle("ET EXPLOIT vBulletin 5.x Routestring widgetConfig Remote Code Execution"));

        Assert.Equal("exploitation attempt", Assert.Single(parts.Prefixes).Connotation);
        var product = Assert.Single(parts.Products);
        Assert.Equal("vBulletin", product.Name);
        Assert.Contains("public-facing", product.Connotation);
        Assert.Contains("widgetConfig", parts.Components);
        Assert.Contains("Routestring", parts.Components);
        Assert.Contains(parts.Activities, a => a.Name == "remote code execution");
        Assert.Contains(parts.Evidence, e => e.TechniqueId == "T1190" && e.Reason.Contains("public-facing"));
    }

    [Theory]
    [InlineData("T1059.001 - Suspicious PowerShell Download Cradle", "", "T1059.001")]
    [InlineData("[T1003] Credential dumping tool seen", "", "T1003")]
    [InlineData("Suspicious process", "rule tags: attack.execution, attack.t1218.011", "T1218.011")]
    public void Decompose_TechniqueIdInText_IsAnIndicatorAndStrongEvidence(string title, string description, string id)
    {
        var parts = _decomposer.Decompose(Alert.FromTitle(title) with { Description = description });

        Assert.Contains(parts.Indicators, i => i.Kind == "technique" && i.Value == id);
        var evidence = Assert.Single(parts.Evidence, e => e.TechniqueId == id && e.Reason.Contains("names the technique ID"));
        Assert.Equal(1.0f, evidence.Weight);
        Assert.Equal("rule", evidence.Origin);
    }

    [Theory]
    [InlineData("Lenovo ThinkPad T14 firmware update")]   // T14: not four digits
    [InlineData("Build 2.T1059.7 artefact")]              // part of a longer token
    [InlineData("Ticket AT1059 escalated")]
    public void Decompose_TechniqueLikeText_IsNotTakenForAnId(string title)
    {
        var parts = _decomposer.Decompose(Alert.FromTitle(title));

        Assert.DoesNotContain(parts.Indicators, i => i.Kind == "technique");
    }

    [Fact]
    public void Decompose_KevCve_AddsCtidTechniqueEvidence()
    {
        // CVE-2024-34102 (Adobe Commerce XXE) is mapped by CTID KEV to T1190 as its exploitation technique.
        var parts = _decomposer.Decompose(Alert.FromTitle("Possible CVE-2024-34102 exploitation attempt"));

        Assert.Contains(parts.Indicators, i => i is { Kind: "cve", Value: "CVE-2024-34102" });
        var evidence = Assert.Single(parts.Evidence, e => e is { TechniqueId: "T1190", Origin: "kev" });
        Assert.Contains("exploitation technique", evidence.Reason);
        Assert.Contains("Adobe Commerce", evidence.Reason);
    }

    [Fact]
    public void Decompose_KevCve_AddsNoUnmappedPrior()
    {
        var parts = _decomposer.Decompose(Alert.FromTitle("Possible CVE-2024-34102 exploitation attempt"));

        Assert.DoesNotContain(parts.Evidence, e => e.Reason.Contains("no CTID mapping", StringComparison.Ordinal));
    }

    [Fact]
    public void Decompose_UnmappedCve_AddsExploitationPriorOfMappedCves()
    {
        var parts = _decomposer.Decompose(Alert.FromTitle("Exploit for CVE-2099-12345"));

        var prior = parts.Evidence.Where(e => e.Origin == "kev").ToList();
        // Public-facing applications lead the exploitation techniques of the CTID-mapped CVEs by a wide margin.
        var top = prior.MaxBy(e => e.Weight)!;
        Assert.Equal("T1190", top.TechniqueId);
        Assert.Contains("CVE-2099-12345 has no CTID mapping", top.Reason);
        Assert.All(prior, e => Assert.True(e.Weight < 0.5f, "a prior never outweighs a real mapping"));
        Assert.Contains(prior, e => e.TechniqueId == "T1068");
    }

    [Fact]
    public void Decompose_KevProductName_GetsConnotationFromCtidMapping()
    {
        // "Apache HTTP Server" is not hand-written: it comes from KEV descriptions, whose CTID exploitation
        // mappings are mostly T1210 (2 of 3 CVEs), so the connotation says "internal network service".
        var parts = _decomposer.Decompose(Alert.FromTitle("Apache HTTP Server path traversal exploit"));

        Assert.Contains(parts.Products, p => p.Name == "Apache HTTP Server" && p.Connotation.Contains("CTID KEV") && p.Connotation.Contains("T1210"));
    }

    [Fact]
    public void Decompose_IndicatorsInText_AreExtracted()
    {
        var alert = Alert.FromTitle("Beacon from 10.1.2.3 to evil.example.com fetching payload.exe on port 8443 hash d41d8cd98f00b204e9800998ecf8427e")
            with { Description = @"persistence HKLM\Software\Microsoft\Windows\CurrentVersion\Run\updater" };

        var parts = _decomposer.Decompose(alert);

        Assert.Contains(parts.Indicators, i => i is { Kind: "ip", Value: "10.1.2.3" });
        Assert.Contains(parts.Indicators, i => i is { Kind: "domain", Value: "evil.example.com" });
        Assert.Contains(parts.Indicators, i => i is { Kind: "file", Value: "payload.exe" });
        Assert.Contains(parts.Indicators, i => i.Kind == "hash");
        Assert.Contains(parts.Indicators, i => i.Kind == "registry");
        Assert.Contains(8443, parts.Location.Ports);
    }

    [Fact]
    public void Summarize_VBulletin_ReadsLikeAnAnalyst()
    {
        var alert = Alert.FromTitle("ET EXPLOIT vBulletin 5.x Routestring widgetConfig Remote Code Execution");

        var summary = AlertDecomposer.Summarize(alert, _decomposer.Decompose(alert));

        Assert.StartsWith("Exploitation attempt against vBulletin (public-facing web application", summary);
        Assert.Contains("remote code execution", summary);
    }
}
