using Tessera.Core.Attack;
using Tessera.Core.Tests.Navigator;
using Tessera.Core.Threats;
using Tessera.Tests.Shared;
using static Tessera.Core.Tests.Threats.ThreatTestProfiles;

namespace Tessera.Core.Tests.Threats;

public sealed class TargetSetBuilderTests
{
    private static readonly ThreatProfile Bankers = Profile("G1", ["financial"], ["europe"], ("T1059", Now), ("T1003", YearsAgo(1)));
    private static readonly ThreatProfile Spies = Profile("G2", ["government"], ["europe"], ("T1059", YearsAgo(2)), ("T1566", null));
    private static readonly ThreatProfile Looters = Profile("G3", ["financial"], ["asia"], ("T1486", Now));

    private static TargetSetBuilder Builder(AttackCollection? release = null) => new(new ManualClock(Now), release);

    [Fact]
    public void BuildActorTargeted_TwoActors_WeightIsSumOfRecencyDecay()
    {
        var set = Builder().BuildActorTargeted([Bankers, Spies]);

        // T1059: 1 (now) + 0.25 (two half-lives); T1003: 0.5; T1566: undated 0.5.
        Assert.Equal(["T1059", "T1003", "T1566"], set.Techniques.Select(t => t.Id.Value));
        var t1059 = set.Techniques[0];
        Assert.Equal("T1059", t1059.Id.Value);
        Assert.Equal(1.25, t1059.Weight, 9);
        Assert.Equal(1.0, t1059.Relevance, 9);
        Assert.Equal(["G1", "G2"], t1059.Actors.Select(a => a.ProfileId));
        Assert.Equal(0.5, set.Find(TechniqueId.Parse("T1003"))!.Weight, 9);
        Assert.Equal(0.4, set.Find(TechniqueId.Parse("T1566"))!.Relevance, 9);
    }

    [Fact]
    public void BuildActorTargeted_EqualWeights_TiesBrokenByActorCountThenId()
    {
        var a = Profile("A", [], [], ("T1003", Now), ("T1005", YearsAgo(1)));
        var b = Profile("B", [], [], ("T1005", YearsAgo(1)), ("T1001", Now));

        var set = Builder().BuildActorTargeted([a, b]);

        // T1005 = 0.5 + 0.5 from two actors ties T1001 and T1003 at 1.0 from one actor each.
        Assert.Equal(["T1005", "T1001", "T1003"], set.Techniques.Select(t => t.Id.Value));
    }

    [Fact]
    public void BuildActorTargeted_FutureDate_CountsAsNow()
    {
        var set = Builder().BuildActorTargeted([Profile("A", [], [], ("T1003", Now.AddDays(30)))]);

        Assert.Equal(1.0, set.Techniques.Single().Weight, 9);
    }

    [Fact]
    public void BuildActorTargeted_SameActorTwice_CountedOnce()
    {
        var set = Builder().BuildActorTargeted([Bankers, Bankers]);

        Assert.Single(set.Actors);
        Assert.Equal(1.0, set.Techniques[0].Weight, 9);
    }

    [Fact]
    public void BuildSector_FinancialInEurope_RequiresBothDimensions()
    {
        var set = Builder().BuildSector([Bankers, Spies, Looters], new TagFilter { Sectors = ["Financial"], Regions = ["europe"] });

        Assert.Equal(["G1"], set.Actors.Select(a => a.Id));
        Assert.Equal(TargetSetKind.Sector, set.Kind);
    }

    [Fact]
    public void BuildSector_SectorOnly_MatchesAnyRegion()
    {
        var set = Builder().BuildSector([Bankers, Spies, Looters], new TagFilter { Sectors = ["financial"] });

        Assert.Equal(["G1", "G3"], set.Actors.Select(a => a.Id));
    }

    [Fact]
    public void BuildSector_EmptyFilter_SelectsNobody()
    {
        var set = Builder().BuildSector([Bankers, Spies], new TagFilter());

        Assert.Empty(set.Actors);
        Assert.Empty(set.Techniques);
    }

    [Fact]
    public void BuildHybrid_PickedAndSectorActors_UnionWithoutDuplicates()
    {
        var set = Builder().BuildHybrid([Spies, Bankers], [Bankers, Spies, Looters], new TagFilter { Sectors = ["financial"] });

        Assert.Equal(["G1", "G2", "G3"], set.Actors.Select(a => a.Id));
        Assert.Equal(1.25, set.Find(TechniqueId.Parse("T1059"))!.Weight, 9);
    }

    [Fact]
    public void BuildActorTargeted_WithRelease_NamesKnownAndFlagsUnknownIds()
    {
        var set = Builder(TestCollections.Enterprise181()).BuildActorTargeted([Profile("A", [], [], ("T1003", Now), ("T1685", Now))]);

        var known = set.Find(TechniqueId.Parse("T1003"))!;
        var unknown = set.Find(TechniqueId.Parse("T1685"))!;
        Assert.Equal(("OS Credential Dumping", true), (known.Name, known.KnownInRelease));
        Assert.Equal((null, false), (unknown.Name, unknown.KnownInRelease));
    }

    [Fact]
    public void Formula_DefaultOptions_ShowsHalfLifeAndDate()
    {
        var set = Builder().BuildActorTargeted([Bankers]);

        Assert.Equal("weight(t) = Σ over actors using t of 0.5^(age / 730 days); age = 2025-01-01 − last reported use; undated uses count 0.5", set.Formula);
    }

    [Theory]
    [InlineData(0, 0.5)] // zero half-life would divide by zero
    [InlineData(730, 1.5)] // undated factor above 1 would outrank current uses
    public void Constructor_InvalidOptions_Throws(int halfLifeDays, double undated) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new TargetSetBuilder(TimeProvider.System, null, new TargetSetOptions { HalfLife = TimeSpan.FromDays(halfLifeDays), UndatedFactor = undated }));
}
