using Tessera.Core.Attack;
using Tessera.Core.Exposures;
using Tessera.Core.Threats;

namespace Tessera.Core.Tests.Exposures;

public sealed class ExposurePriorityTests
{
    private static readonly TechniqueId T1190 = TechniqueId.Parse("T1190");
    private static readonly TechniqueId T1059 = TechniqueId.Parse("T1059");
    private static readonly TechniqueId T1003 = TechniqueId.Parse("T1003");

    // CVE-A: exploited via T1190, impact T1059 (primary). CVE-B: exploited via T1190 only.
    private static readonly KevTechniqueMap Map = KevTechniqueMap.Empty.WithManual(
    [
        new ManualTechniqueMapping("CVE-2025-0001", T1190, ExposureMappingType.ExploitationTechnique),
        new ManualTechniqueMapping("CVE-2025-0001", T1059, ExposureMappingType.PrimaryImpact),
        new ManualTechniqueMapping("CVE-2025-0002", T1190, ExposureMappingType.ExploitationTechnique),
    ]);

    private static Exposure Exposure(string id, string? cve, ExposureSeverity severity, double? cvss = null) => new()
    {
        Id = id, Kind = ExposureKind.Vulnerability, Cve = cve, Asset = "h", Severity = severity, Cvss = cvss, Title = id,
    };

    private static ITechniqueCoverageLookup Levels(TechniqueCoverageLevel t1190, TechniqueCoverageLevel t1059) =>
        TechniqueCoverageLookup.From(new Dictionary<TechniqueId, TechniqueCoverageLevel> { [T1190] = t1190, [T1059] = t1059 });

    [Fact]
    public void RankExposures_UncoveredExploitationTechnique_DoublesSeverity()
    {
        var ranked = ExposurePriority.RankExposures([Exposure("A", "CVE-2025-0001", ExposureSeverity.High)], Map,
            Levels(TechniqueCoverageLevel.None, TechniqueCoverageLevel.Validated)).Single();

        Assert.Equal((0.75, 1.0, 1.5), (ranked.Severity, ranked.CoverageBoost, ranked.Score));
        Assert.Equal([(T1190, TechniqueCoverageLevel.None), (T1059, TechniqueCoverageLevel.Validated)], ranked.Techniques.Select(t => (t.Id, t.Coverage)));
    }

    [Fact]
    public void RankExposures_ValidatedCoverage_NoBoost()
    {
        var ranked = ExposurePriority.RankExposures([Exposure("A", "CVE-2025-0001", ExposureSeverity.High)], Map,
            Levels(TechniqueCoverageLevel.Validated, TechniqueCoverageLevel.Validated)).Single();

        Assert.Equal(0.75, ranked.Score, 9);
    }

    [Fact]
    public void RankExposures_MediumWithUncoveredImpactOutranksHighWithValidatedCoverage()
    {
        // A medium exposure whose primary impact nothing detects (0.5 × (1 + 0.8) = 0.9) beats a high one fully validated (0.75).
        var coverage = TechniqueCoverageLookup.From(id => id == T1059 ? TechniqueCoverageLevel.None : TechniqueCoverageLevel.Validated);

        var ranked = ExposurePriority.RankExposures(
            [Exposure("HIGH", "CVE-2025-0002", ExposureSeverity.High), Exposure("MED", "CVE-2025-0001", ExposureSeverity.Medium)], Map, coverage);

        Assert.Equal(["MED", "HIGH"], ranked.Select(r => r.Exposure.Id));
        Assert.Equal(0.9, ranked[0].Score, 9);
    }

    [Fact]
    public void RankExposures_CvssScore_UsedInsteadOfBand()
    {
        var ranked = ExposurePriority.RankExposures([Exposure("A", null, ExposureSeverity.High, cvss: 8.8)], Map, TechniqueCoverageLookup.Nothing).Single();

        Assert.Equal(0.88, ranked.Score, 9);
        Assert.Equal(0.0, ranked.CoverageBoost);
    }

    [Fact]
    public void RankGaps_ExposuresRaiseTheirTechniques_ValidatedDropped()
    {
        var exposures = new[] { Exposure("A", "CVE-2025-0001", ExposureSeverity.Critical), Exposure("B", "CVE-2025-0002", ExposureSeverity.Low) };
        var coverage = TechniqueCoverageLookup.From(id => id == T1059 ? TechniqueCoverageLevel.Validated : TechniqueCoverageLevel.Partial);

        var gaps = ExposurePriority.RankGaps([T1003], exposures, Map, coverage);

        // T1190: 0.75 × (1 + ln(1 + 1·1 + 0.25·1)); T1003 has no exposure: 0.75. T1059 is validated, not a gap.
        Assert.Equal([T1190, T1003], gaps.Select(g => g.Id));
        Assert.Equal(0.75 * (1 + Math.Log(2.25)), gaps[0].Score, 9);
        Assert.Equal(["A", "B"], gaps[0].Exposures.Select(e => e.Id));
        Assert.Equal((0.75, 0.0), (gaps[1].Score, gaps[1].ExposureBoost));
    }

    [Fact]
    public void RankGaps_ExposureLinkedTwiceToOneTechnique_CountedOnceAtStrongestMapping()
    {
        var map = Map.WithManual([new ManualTechniqueMapping("CVE-2025-0002", T1190, ExposureMappingType.SecondaryImpact)]);

        var gap = ExposurePriority.RankGaps([], [Exposure("B", "CVE-2025-0002", ExposureSeverity.Critical)], map, TechniqueCoverageLookup.Nothing).Single();

        Assert.Equal(Math.Log(2), gap.ExposureBoost, 9);
        Assert.Single(gap.Exposures);
    }

    [Theory]
    [InlineData(ExposureMappingType.ExploitationTechnique, 1.0)]
    [InlineData(ExposureMappingType.PrimaryImpact, 0.8)]
    [InlineData(ExposureMappingType.SecondaryImpact, 0.5)]
    [InlineData(ExposureMappingType.Uncategorized, 0.3)]
    [InlineData(ExposureMappingType.Manual, 1.0)]
    public void MappingWeight_EachType_DocumentedValue(ExposureMappingType type, double expected) =>
        Assert.Equal(expected, ExposurePriority.MappingWeight(type));
}
