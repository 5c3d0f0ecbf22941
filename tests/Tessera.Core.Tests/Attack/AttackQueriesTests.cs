using Tessera.Core.Attack;

namespace Tessera.Core.Tests.Attack;

/// <summary>Queries on real Enterprise bundles; expected facts were read from the same files with Python.</summary>
public sealed class AttackQueriesTests(AttackBundlesFixture bundles)
{
    private AttackCollection Enterprise => bundles.Enterprise181;

    private Technique Technique(string id) => Enterprise.FindTechnique(id)!;

    [Theory]
    [InlineData("T1059.001", TechniqueStatus.Active)]
    [InlineData("t1059.001", TechniqueStatus.Active)]   // lower case as written in Sigma tags
    [InlineData("T1064", TechniqueStatus.Deprecated)]   // Scripting, deprecated without replacement
    [InlineData("T1685", TechniqueStatus.NotInVersion)] // a v19 ID: flagged, never thrown
    [InlineData("TA0002", TechniqueStatus.InvalidId)]   // a tactic ID is not a technique ID
    [InlineData("", TechniqueStatus.InvalidId)]
    public void LookupTechnique_AnyId_ReturnsStatusWithoutThrowing(string id, TechniqueStatus expected) =>
        Assert.Equal(expected, Enterprise.LookupTechnique(id).Status);

    [Fact]
    public void LookupTechnique_Revoked_NamesReplacement()
    {
        var lookup = Enterprise.LookupTechnique("T1086");

        Assert.Equal(TechniqueStatus.Revoked, lookup.Status);
        Assert.Equal("T1059.001", lookup.Replacement!.AttackId);
    }

    [Theory]
    [InlineData("T1150", "T1647")] // T1150 → T1547.011 → T1647
    [InlineData("T1073", "T1574.001")] // T1073 → T1574.002 → T1574.001
    public void ResolveRevocation_Chain_FollowsToFinalReplacement(string start, string final)
    {
        var chain = Enterprise.ResolveRevocation(Technique(start));

        Assert.Equal(2, chain.Steps.Count);
        Assert.Equal(final, chain.Final!.AttackId);
        Assert.True(chain.Final.IsActive);
    }

    [Fact]
    public void ResolveRevocation_ActiveTechnique_IsItsOwnFinal()
    {
        var chain = Enterprise.ResolveRevocation(Technique("T1059.001"));

        Assert.True(chain.IsCurrent);
    }

    [Theory]
    [InlineData("powershel", "T1059.001")]    // unfinished word
    [InlineData("powrshell", "T1059.001")]    // missing letter
    [InlineData("pwoershell", "T1059.001")]   // swapped letters
    [InlineData("T1059.001", "T1059.001")]    // exact ID
    [InlineData("scheduled task", "T1053.005")]
    [InlineData("G0016", "G0016")]            // group ID
    [InlineData("cozy bear", "G0016")]        // APT29 alias
    [InlineData("midnight blizard", "G0016")] // alias with a typo
    [InlineData("mimikatz", "S0002")]
    public void Search_NameAliasOrId_RanksExpectedFirst(string query, string expectedId) =>
        Assert.Equal(expectedId, Enterprise.Search(query)[0].Object.AttackId);

    [Fact]
    public void Search_IdPrefix_ListsParentBeforeSubtechniques()
    {
        var hits = Enterprise.SearchTechniques("T1059", limit: 20).Select(h => h.Object.AttackId).ToList();

        Assert.Equal("T1059", hits[0]);
        Assert.Equal(14, hits.Count); // T1059 and its 13 sub-techniques
    }

    [Fact]
    public void Search_Gibberish_ReturnsNothing() => Assert.Empty(Enterprise.Search("zzqxv"));

    [Fact]
    public void Search_OmitsRevokedObjects() =>
        Assert.DoesNotContain(Enterprise.SearchTechniques("T1086"), h => h.Object.AttackId == "T1086");

    [Fact]
    public void FindTechniques_TacticAndPlatform_Filters()
    {
        var execution = Enterprise.FindTechniques("execution", includeSubtechniques: false);
        var linux = Enterprise.FindTechniques("TA0002", "linux");

        Assert.Equal(17, execution.Count);
        Assert.Equal("Cloud Administration Command", execution[0].Name);
        Assert.Equal(23, linux.Count);
        Assert.All(linux, t => Assert.Contains("Linux", t.Platforms));
    }

    [Fact]
    public void FindTechniques_UnknownV19Tactic_ReturnsEmpty() => Assert.Empty(Enterprise.FindTechniques("stealth"));

    [Fact]
    public void Subtechniques_OfCommandAndScripting_AreThirteenInIdOrder()
    {
        var subs = Enterprise.Subtechniques(Technique("T1059"));

        Assert.Equal(13, subs.Count);
        Assert.Equal("T1059.001", subs[0].AttackId);
        Assert.Equal("T1059.013", subs[^1].AttackId);
        Assert.Equal("T1059", Enterprise.ParentOf(subs[0])!.AttackId);
    }

    [Fact]
    public void ProcedureExamples_PowerShell_IncludeApt29WithCitations()
    {
        var examples = Enterprise.ProcedureExamples(Technique("T1059.001"));
        var apt29 = examples.Single(p => p.User.AttackId == "G0016");

        Assert.Equal(223, examples.Count);
        Assert.Equal(83, examples.Count(p => p.User is Group));
        Assert.Equal(16, examples.Count(p => p.User is Campaign));
        Assert.StartsWith("[APT29](https://attack.mitre.org/groups/G0016) has used encoded PowerShell", apt29.Description);
        Assert.Contains(apt29.Citations, c => c.SourceName == "Mandiant No Easy Breach");
    }

    [Fact]
    public void Mitigations_PowerShell_AreTheFiveListed() =>
        Assert.Equal(["M1026", "M1038", "M1042", "M1045", "M1049"], Enterprise.Mitigations(Technique("T1059.001")).Select(m => m.Mitigation.AttackId));

    [Fact]
    public void RelatedTechniques_Subtechnique_AreItsSiblings()
    {
        var related = Enterprise.RelatedTechniques(Technique("T1059.001"));

        Assert.Equal(12, related.Count);
        Assert.DoesNotContain(related, t => t.AttackId == "T1059.001");
        Assert.All(related, t => Assert.StartsWith("T1059.", t.AttackId));
    }

    [Fact]
    public void RelatedTechniques_Technique_ShareATactic()
    {
        var related = Enterprise.RelatedTechniques(Technique("T1059"));

        Assert.Equal(16, related.Count); // the execution column minus T1059 itself
        Assert.All(related, t => Assert.Contains("execution", t.Tactics));
    }

    [Fact]
    public void Detection_V18PowerShell_WalksStrategyToDataComponents()
    {
        var detection = Enterprise.Detection(Technique("T1059.001"));

        var strategy = Assert.Single(detection.Strategies);
        Assert.Equal("DET0455", strategy.Strategy.AttackId);
        var windows = strategy.Analytics.Single(a => a.Analytic.AttackId == "AN1252");
        Assert.Contains(windows.LogSources, l => l is { Name: "WinEventLog:Sysmon", Channel: "EventCode=1", Component.AttackId: "DC0032" });
        Assert.Empty(detection.Components);
        Assert.Contains(detection.AllComponents, c => c.AttackId == "DC0064");
    }

    [Fact]
    public void Detection_V17PowerShell_ListsComponentsWithDataSources()
    {
        var v17 = bundles.Enterprise171;
        var detection = v17.Detection(v17.FindTechnique("T1059.001")!);

        Assert.Empty(detection.Strategies);
        Assert.NotEmpty(detection.Components);
        Assert.Contains(detection.Components, c => c.Component.Name == "Command Execution" && c.Source?.Name == "Command");
    }

    [Fact]
    public void Matrix_Enterprise_HasTacticColumnsInOrderWithSortedTechniques()
    {
        var layout = Enterprise.Matrix()!;

        Assert.Equal(14, layout.Columns.Count);
        Assert.Equal("reconnaissance", layout.Columns[0].Tactic.ShortName);
        var execution = layout.Columns[3];
        Assert.Equal(17, execution.Techniques.Count);
        Assert.Equal(execution.Techniques.Select(c => c.Technique.Name).Order(StringComparer.OrdinalIgnoreCase), execution.Techniques.Select(c => c.Technique.Name));
        var scripting = execution.Techniques.Single(c => c.Technique.AttackId == "T1059");
        Assert.Equal(13, scripting.Subtechniques.Count);
        Assert.Equal("AppleScript", scripting.Subtechniques[0].Name);
    }

    [Fact]
    public void Matrix_Mobile_UsesActiveMatrix()
    {
        var layout = bundles.Mobile181.Matrix()!;

        Assert.Equal("Mobile ATT&CK", layout.Matrix.Name);
        Assert.Equal(12, layout.Columns.Count);
    }
}
