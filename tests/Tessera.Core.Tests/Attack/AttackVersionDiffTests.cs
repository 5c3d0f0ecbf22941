using Tessera.Core.Attack;

namespace Tessera.Core.Tests.Attack;

/// <summary>17.1 → 18.1 facts were read from the bundles with Python; tactic moves and deprecations, which that pair lacks, use small collections built here.</summary>
public sealed class AttackVersionDiffTests(AttackBundlesFixture bundles)
{
    private TechniqueDiff Diff(string id) => AttackVersionDiff.CompareTechnique(id, bundles.Enterprise171, bundles.Enterprise181);

    [Fact]
    public void CompareTechnique_Unchanged_HasNoChanges() => Assert.True(Diff("T1059.001").IsUnchanged);

    [Fact]
    public void CompareTechnique_Renamed_ReportsOldAndNewName()
    {
        var diff = Diff("T1497.003");

        Assert.Equal(TechniqueChanges.Renamed, diff.Changes);
        Assert.Equal("Time Based Evasion", diff.OldName);
        Assert.Equal("Time Based Checks", diff.NewName);
    }

    [Fact]
    public void CompareTechnique_NewSubtechnique_ListsIt()
    {
        var diff = Diff("T1059");

        Assert.Equal(TechniqueChanges.NewSubtechniques, diff.Changes);
        Assert.Equal(["T1059.013"], diff.NewSubtechniques);
    }

    [Theory]
    [InlineData("T1086", "T1059.001", 1)] // PowerShell, revoked since v7
    [InlineData("T1150", "T1647", 2)]     // Plist Modification → T1547.011 (itself revoked) → T1647
    public void CompareTechnique_Revoked_FollowsChainToReplacement(string id, string replacement, int steps)
    {
        var diff = Diff(id);

        Assert.True(diff.Changes.HasFlag(TechniqueChanges.Revoked));
        Assert.Equal(replacement, diff.Replacement!.AttackId);
        Assert.Equal(steps, diff.RevocationPath.Count);
    }

    [Theory]
    [InlineData("T1685")]     // v19 ID: in neither release
    [InlineData("not-an-id")] // free text from an import
    public void CompareTechnique_InNeither_IsFlaggedUnknown(string id) =>
        Assert.Equal(TechniqueChanges.Unknown, Diff(id).Changes);

    [Fact]
    public void CompareTechnique_AddedInTarget_IsNotInSource() =>
        Assert.Equal(TechniqueChanges.NotInSource, Diff("T1677").Changes);

    [Fact]
    public void Compare_17To18_SummarisesRealChanges()
    {
        var diff = AttackVersionDiff.Compare(bundles.Enterprise171, bundles.Enterprise181);
        var techniques = diff.ByType.Single(t => t.Type == "technique");

        Assert.Equal((12, 0, 0, 0), (techniques.Added, techniques.Removed, techniques.Revoked, techniques.Deprecated));
        Assert.Equal(37, diff.ByType.Single(t => t.Type == "data-source").Deprecated);
        Assert.Equal(691, diff.ByType.Single(t => t.Type == "detection-strategy").Added);
        Assert.Equal(12, diff.AddedTechniques.Count);
        Assert.Equal(["T1497.003", "T1552.003"], diff.ChangedTechniques.Where(d => d.Changes.HasFlag(TechniqueChanges.Renamed)).Select(d => d.Id).Order());
        Assert.Equal(3, diff.ChangedTechniques.Count(d => d.Changes.HasFlag(TechniqueChanges.PlatformsChanged)));
    }

    [Fact]
    public void PlanMigration_MixedIds_OneStepPerIdInOrder()
    {
        var plan = AttackVersionDiff.PlanMigration(["T1086", "T1497.003", "T1685", "T1059.001"], bundles.Enterprise171, bundles.Enterprise181);

        Assert.Equal(
            [
                ("T1086", "T1059.001", MigrationAction.Replace),
                ("T1497.003", "T1497.003", MigrationAction.Keep),
                ("T1685", "T1685", MigrationAction.Unknown),
                ("T1059.001", "T1059.001", MigrationAction.Keep),
            ],
            plan.Steps.Select(s => (s.OldId, s.NewId, s.Action)));
        Assert.Contains("renamed 'Time Based Evasion' → 'Time Based Checks'", plan.Steps[1].Reason);
        Assert.Equal("enterprise-attack@18.1", plan.To.Key);
    }

    [Fact]
    public void CompareTechnique_TacticMovedAndDeprecated_ReportsEach()
    {
        var from = Build("1.0", Technique("T1001", "A", "execution"), Technique("T1002", "B", "execution"), Technique("T1003", "C", "execution"));
        var to = Build("2.0", Technique("T1001", "A", "persistence", "execution"), Technique("T1002", "B", "execution") with { Deprecated = true });

        var moved = AttackVersionDiff.CompareTechnique("T1001", from, to);
        var plan = AttackVersionDiff.PlanMigration(["T1002", "T1003"], from, to);

        Assert.Equal(TechniqueChanges.TacticsChanged, moved.Changes);
        Assert.Equal(["persistence"], moved.AddedTactics);
        Assert.Empty(moved.RemovedTactics);
        Assert.Equal([MigrationAction.Review, MigrationAction.Review], plan.Steps.Select(s => s.Action));
        Assert.Contains("Deprecated", plan.Steps[0].Reason);
        Assert.Contains("Not in 2.0", plan.Steps[1].Reason);
    }

    private static Technique Technique(string id, string name, params string[] tactics) => new()
    {
        StixId = "attack-pattern--" + id,
        AttackId = id,
        Name = name,
        Tactics = tactics,
    };

    private static AttackCollection Build(string version, params Technique[] techniques)
    {
        var builder = new AttackCollectionBuilder();
        foreach (var t in techniques)
        {
            builder.Add(t);
        }

        return builder.Build(new CollectionInfo { Domain = AttackDomain.Enterprise, Version = version, Name = "test", StixVersion = "2.1" });
    }
}
