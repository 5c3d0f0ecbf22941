using Tessera.Core.Coverage;

namespace Tessera.Core.Tests.Coverage;

public sealed class CoverageSnapshotDiffTests
{
    private static CoverageSnapshot Snapshot(params (string Id, CoverageState State)[] states) => new()
    {
        TakenAt = CoverageFixtures.Now,
        CollectionKey = "enterprise-attack@18.1",
        All = CoverageCounts.Of("all", states.Select(s => s.State)),
        Priority = CoverageCounts.Of("priority", []),
        States = states.ToDictionary(s => s.Id, s => s.State, StringComparer.OrdinalIgnoreCase),
    };

    [Fact]
    public void Compare_StatesMoved_ListsGainedLostRegressedAndImproved()
    {
        var from = Snapshot(("T1003", CoverageState.Validated), ("T1059", CoverageState.RuleExists), ("T1105", CoverageState.Failing));
        // T1003 validated → failing, T1059 rule → validated, T1105 failing → gap (absent), T1218 gap → no data.
        var to = Snapshot(("T1003", CoverageState.Failing), ("T1059", CoverageState.Validated), ("T1218", CoverageState.NoData));

        var diff = CoverageSnapshotDiff.Compare(from, to);

        var validated = diff.States.Single(s => s.State == CoverageState.Validated);
        Assert.Equal(["T1059"], validated.Gained);
        Assert.Equal(["T1003"], validated.Lost);
        var gap = diff.States.Single(s => s.State == CoverageState.Gap);
        Assert.Equal(["T1105"], gap.Gained);
        Assert.Equal(["T1218"], gap.Lost);
        Assert.Equal(["T1003", "T1105"], diff.Regressed.Select(c => c.Technique));
        Assert.Equal(["T1059", "T1218"], diff.Improved.Select(c => c.Technique));
    }

    [Fact]
    public void Compare_SameSnapshot_NoChanges()
    {
        var snapshot = Snapshot(("T1003", CoverageState.Validated));

        var diff = CoverageSnapshotDiff.Compare(snapshot, snapshot);

        Assert.Empty(diff.Regressed);
        Assert.Empty(diff.Improved);
        Assert.All(diff.States, s => Assert.Empty(s.Gained));
    }
}
