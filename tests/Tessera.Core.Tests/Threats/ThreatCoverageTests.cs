using Tessera.Core.Attack;
using Tessera.Core.Threats;
using Tessera.Tests.Shared;
using static Tessera.Core.Tests.Threats.ThreatTestProfiles;

namespace Tessera.Core.Tests.Threats;

public sealed class ThreatCoverageTests
{
    private static readonly ThreatProfile Bankers = Profile("G1", [], [], ("T1059", Now), ("T1003", YearsAgo(1)), ("T1566", Now));
    private static readonly ThreatProfile Spies = Profile("G2", [], [], ("T1059", Now), ("T1005", Now));

    private static readonly ITechniqueCoverageLookup Coverage = TechniqueCoverageLookup.From(new Dictionary<TechniqueId, TechniqueCoverageLevel>
    {
        [TechniqueId.Parse("T1059")] = TechniqueCoverageLevel.Validated,
        [TechniqueId.Parse("T1003")] = TechniqueCoverageLevel.Covered,
        [TechniqueId.Parse("T1566")] = TechniqueCoverageLevel.Partial,
    });

    private static ThreatCoverageReport Evaluate() =>
        ThreatCoverage.Evaluate(new TargetSetBuilder(new ManualClock(Now)).BuildActorTargeted([Bankers, Spies]), Coverage);

    [Fact]
    public void Evaluate_MixedLevels_CountsAndPercentages()
    {
        var overall = Evaluate().Overall;

        Assert.Equal((4, 1, 1, 1, 1), (overall.Techniques, overall.Validated, overall.Covered, overall.Partial, overall.None));
        Assert.Equal(50, overall.CoveredPercent, 9);
        Assert.Equal(25, overall.ValidatedPercent, 9);
        // Weights: T1059 2, T1003 0.5, T1566 1, T1005 1 → covered (2 + 0.5) / 4.5.
        Assert.Equal(100 * 2.5 / 4.5, overall.WeightedCoveredPercent, 9);
    }

    [Fact]
    public void Evaluate_Gaps_PartialAndNoneInWeightOrder()
    {
        var gaps = Evaluate().Gaps;

        Assert.Equal([("T1005", TechniqueCoverageLevel.None), ("T1566", TechniqueCoverageLevel.Partial)], gaps.Select(g => (g.Technique.Id.Value, g.Level)));
    }

    [Fact]
    public void Evaluate_PerActor_LeastCoveredFirstWithOwnGaps()
    {
        var actors = Evaluate().Actors;

        // Spies: T1059 validated, T1005 none → 50%; Bankers: 2 of 3 → 66.7%.
        Assert.Equal(["G2", "G1"], actors.Select(a => a.Actor.Id));
        Assert.Equal(["T1005"], actors[0].Gaps.Select(g => g.Technique.Id.Value));
        Assert.Equal(["T1566"], actors[1].Gaps.Select(g => g.Technique.Id.Value));
        Assert.Equal(100 * 2 / 3.0, actors[1].Summary.CoveredPercent, 9);
    }

    [Fact]
    public void Evaluate_EmptySet_ZeroPercentNotNaN()
    {
        var report = ThreatCoverage.Evaluate(new TargetSetBuilder(TimeProvider.System).BuildActorTargeted([]), TechniqueCoverageLookup.Nothing);

        Assert.Equal((0.0, 0.0), (report.Overall.CoveredPercent, report.Overall.WeightedCoveredPercent));
    }
}
