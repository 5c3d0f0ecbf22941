using Tessera.Core.Attack;
using Tessera.Core.Tests.Navigator;
using Tessera.Core.Threats;
using Tessera.Tests.Shared;
using static Tessera.Core.Tests.Threats.ThreatTestProfiles;

namespace Tessera.Core.Tests.Threats;

public sealed class ThreatMatrixTests
{
    private static ThreatMatrixView Build()
    {
        var release = TestCollections.Enterprise181();
        var set = new TargetSetBuilder(new ManualClock(Now), release).BuildActorTargeted([Profile("A", [], [], ("T1003", Now), ("T1685", Now))]);
        var coverage = TechniqueCoverageLookup.From(id => id.Value == "T1059" ? TechniqueCoverageLevel.Validated : TechniqueCoverageLevel.None);
        return ThreatMatrix.Build(release, set, coverage,
            new Dictionary<TechniqueId, int> { [TechniqueId.Parse("T1003")] = 3 },
            new Dictionary<TechniqueId, int> { [TechniqueId.Parse("T1059.001")] = 5 },
            new PriorityScore());
    }

    [Fact]
    public void Build_ActiveTechniquesPlusUnknownTargets_OneRowEach()
    {
        var rows = Build().Rows;

        // T1086 is revoked in the test release and stays out; T1685 is v19-only and is kept, flagged.
        Assert.Equal(["T1003", "T1059", "T1059.001", "T1685"], rows.Select(r => r.Id.Value));
        Assert.False(rows[^1].KnownInRelease);
        Assert.Equal(["credential-access"], rows[0].Tactics);
    }

    [Fact]
    public void Build_Dimensions_JoinedPerTechnique()
    {
        var t1003 = Build().Rows[0];

        Assert.Equal((TechniqueCoverageLevel.None, 1.0, 1, 3, 0), (t1003.Coverage, t1003.ActorRelevance, t1003.ActorCount, t1003.IncidentCount, t1003.ExposureCount));
        Assert.Equal(0.4 + 0.3 + 0.1 * 0.5, t1003.Priority.Score, 9);
    }

    [Theory]
    [InlineData(MatrixColouring.Coverage, "T1059", 1.0)] // validated
    [InlineData(MatrixColouring.ActorRelevance, "T1003", 1.0)]
    [InlineData(MatrixColouring.Incidents, "T1003", 0.5)] // 3 incidents at half-saturation 3
    [InlineData(MatrixColouring.Exposure, "T1059.001", 0.5)] // 5 exposures at half-saturation 5
    [InlineData(MatrixColouring.Priority, "T1059.001", 0.3 + 0.1)]
    public void ValueFor_EachColouring_ReturnsThatDimension(MatrixColouring colouring, string id, double expected) =>
        Assert.Equal(expected, Build().Rows.Single(r => r.Id.Value == id).ValueFor(colouring), 9);

    [Fact]
    public void Build_ExposesFormula() => Assert.StartsWith("priority = 0.40·actor", Build().Formula);
}
