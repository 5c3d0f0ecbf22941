using Tessera.Core.Attack;
using Tessera.Core.Exposures;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Exposures;

public sealed class KevTechniqueMapTests
{
    private static readonly Lazy<KevTechniqueMap> Real = new(() => KevTechniqueMap.Load(
        SharedData.Combine("ctid", "kev-07.28.2025_attack-16.1-enterprise.json"),
        SharedData.Combine("ctid", "attack-to-cve-mappings.csv")));

    private static Exposure Vulnerability(string id, string? cve, params string[] techniques) => new()
    {
        Id = id, Kind = cve is null ? ExposureKind.Misconfiguration : ExposureKind.Vulnerability, Cve = cve, Asset = "h",
        Severity = ExposureSeverity.High, Title = "t", Techniques = techniques.Select(TechniqueId.Parse).ToList(),
    };

    [Fact]
    public void Load_RealKevFile_MapsMagentoXxeToExploitPublicFacingApplication()
    {
        var links = Real.Value.ForSubject("cve-2024-34102");

        Assert.Contains(new ExposureTechniqueLink(TechniqueId.Parse("T1190"), ExposureMappingType.ExploitationTechnique, "ctid-kev"), links);
    }

    [Fact]
    public void Load_RealCsv_MapsAllThreeTypes()
    {
        // CSV row: CVE-2019-15243,T1059,,T1190; T1078,,Phase 2
        var links = Real.Value.ForSubject("CVE-2019-15243");

        Assert.Equal(
            [("T1078", ExposureMappingType.ExploitationTechnique), ("T1190", ExposureMappingType.ExploitationTechnique), ("T1059", ExposureMappingType.PrimaryImpact)],
            links.Select(l => (l.Technique.Value, l.Type)));
        Assert.All(links, l => Assert.Equal("ctid-cve-csv", l.Origin));
    }

    [Fact]
    public void Load_RealFiles_EveryKevMappingTypeRepresented()
    {
        var types = Real.Value.Source.Entries.Select(e => e.MappingType).ToHashSet();

        // 1,183 KEV rows plus the CSV's; the KEV file alone has all three typed categories.
        Assert.True(Real.Value.Source.Entries.Count > 1183);
        Assert.Superset(new HashSet<string> { "exploitation_technique", "primary_impact", "secondary_impact" }, types);
    }

    [Fact]
    public void For_ExposureWithCveManualAndImportedTechniques_UnitesAndDeduplicates()
    {
        var map = Real.Value.WithManual(
        [
            new ManualTechniqueMapping("CVE-2024-34102", TechniqueId.Parse("T1005")),
            new ManualTechniqueMapping("V-7", TechniqueId.Parse("T1190"), ExposureMappingType.ExploitationTechnique), // same as the KEV link
        ]);

        var links = map.For(Vulnerability("V-7", "CVE-2024-34102", "T1059.004"));

        Assert.Single(links, l => l.Technique.Value == "T1190" && l.Type == ExposureMappingType.ExploitationTechnique);
        Assert.Contains(new ExposureTechniqueLink(TechniqueId.Parse("T1005"), ExposureMappingType.Manual, "manual-cve"), links);
        Assert.Contains(new ExposureTechniqueLink(TechniqueId.Parse("T1059.004"), ExposureMappingType.Manual, "import"), links);
    }

    [Fact]
    public void For_MisconfigurationWithoutMappings_Empty() =>
        Assert.Empty(KevTechniqueMap.Empty.For(Vulnerability("M-1", null)));

    [Fact]
    public void WithManual_ReturnsNewMap_OriginalUnchanged()
    {
        var original = KevTechniqueMap.Empty;

        var extended = original.WithManual([new ManualTechniqueMapping("M-1", TechniqueId.Parse("T1557"))]);

        Assert.Empty(original.ForSubject("M-1"));
        Assert.Single(extended.ForSubject("m-1"));
    }

    [Fact]
    public void For_CveWideMappingOnTwoAssets_BothExposuresGetItAsManualCve()
    {
        // CVE-2024-3400 (PAN-OS) is a KEV entry the CTID mappings do not cover.
        var map = Real.Value.WithManual([new ManualTechniqueMapping("cve-2024-3400", TechniqueId.Parse("T1190"))]);

        var first = map.For(Vulnerability("F-1", "CVE-2024-3400") with { Asset = "fw-01" });
        var second = map.For(Vulnerability("F-2", "CVE-2024-3400") with { Asset = "fw-02" });

        Assert.Empty(Real.Value.ForSubject("CVE-2024-3400"));
        var expected = new ExposureTechniqueLink(TechniqueId.Parse("T1190"), ExposureMappingType.Manual, KevTechniqueMap.ManualCveOrigin);
        Assert.Equal([expected], first);
        Assert.Equal([expected], second);
    }

    [Fact]
    public void For_SameTechniqueMappedToCveAndNamedByTheRow_OneManualLinkFromTheCveMapping()
    {
        var map = KevTechniqueMap.Empty.WithManual([new ManualTechniqueMapping("CVE-2024-3400", TechniqueId.Parse("T1190"))]);

        var links = map.For(Vulnerability("F-1", "CVE-2024-3400", "T1190"));

        Assert.Equal(KevTechniqueMap.ManualCveOrigin, Assert.Single(links).Origin);
    }

    [Fact]
    public void WithManual_Twice_KeepsCtidLinksAndBothManualMappings()
    {
        var once = Real.Value.WithManual([new ManualTechniqueMapping("CVE-2024-34102", TechniqueId.Parse("T1005"))]);

        var twice = once.WithManual([new ManualTechniqueMapping("CVE-2024-34102", TechniqueId.Parse("T1059.004"))]);

        var links = twice.ForSubject("CVE-2024-34102");
        Assert.Contains(links, l => l is { Origin: "ctid-kev", Type: ExposureMappingType.ExploitationTechnique } && l.Technique.Value == "T1190");
        Assert.Equal(["T1005", "T1059.004"], links.Where(l => l.Origin == KevTechniqueMap.ManualCveOrigin).Select(l => l.Technique.Value));
        Assert.Equal(2, twice.Manual.Count);
    }
}
