using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Tests.Navigator;
using static Tessera.Core.Tests.Coverage.CoverageFixtures;

namespace Tessera.Core.Tests.Coverage;

public sealed class CoverageEngineTests
{
    private static CoverageState StateOf(CoverageReport report, string id) => report.Find(id)!.State;

    [Theory]
    // Passed 10 days ago, well inside the 180-day default cadence.
    [InlineData(ValidationStatus.TestedPassing, 10, CoverageState.Validated)]
    [InlineData(ValidationStatus.Untested, null, CoverageState.RuleExists)]
    // Passed 200 days ago: stale under the 180-day cadence, so only "rule exists".
    [InlineData(ValidationStatus.TestedPassing, 200, CoverageState.RuleExists)]
    [InlineData(ValidationStatus.TestedFailing, 10, CoverageState.Failing)]
    // A failing result stays failing however old it is: nobody showed it works since.
    [InlineData(ValidationStatus.TestedFailing, 400, CoverageState.Failing)]
    public void Compute_RuleValidation_GivesTechniqueState(ValidationStatus validation, int? daysAgo, CoverageState expected)
    {
        var rule = Rule("T1003", validation, daysAgo is { } d ? Now.AddDays(-d) : null);

        var report = CoverageEngine.Compute(Input(TestCollections.Enterprise181(), [rule]), Now);

        Assert.Equal(expected, StateOf(report, "T1003"));
    }

    [Fact]
    public void Compute_NoRule_Gap()
    {
        var report = CoverageEngine.Compute(Input(TestCollections.Enterprise181(), [Rule("T1059")]), Now);

        Assert.Equal(CoverageState.Gap, StateOf(report, "T1003"));
    }

    [Fact]
    public void Compute_DataSourceDropped_NoDataAndNamesMissingSource()
    {
        var rule = Rule("T1003", ValidationStatus.TestedPassing, Now.AddDays(-5));

        var report = CoverageEngine.Compute(Input(TestCollections.Enterprise181(), [rule], Sysmon(DataSourceStatus.Dropped, Now.AddDays(-1))), Now);

        Assert.Equal(CoverageState.NoData, StateOf(report, "T1003"));
        Assert.Equal(["WinEventLog:Sysmon EventCode=1 or WinEventLog:Security EventCode=4688"], Assert.Single(report.Rules).MissingData);
    }

    [Fact]
    public void Compute_SourceDegradedAfterPassingTest_RuleExistsAndInOwnersQueue()
    {
        var rule = Rule("T1003", ValidationStatus.TestedPassing, Now.AddDays(-20), owner: "alice");

        var report = CoverageEngine.Compute(Input(TestCollections.Enterprise181(), [rule], Sysmon(DataSourceStatus.Degraded, Now.AddDays(-3))), Now);

        Assert.Equal(CoverageState.RuleExists, StateOf(report, "T1003"));
        var overdue = Assert.Single(report.Overdue);
        Assert.Equal("alice", overdue.Rule.Owner);
        Assert.Contains("degraded", overdue.Reason);
    }

    [Fact]
    public void Compute_SourceDegradedBeforePassingTest_StaysValidated()
    {
        var rule = Rule("T1003", ValidationStatus.TestedPassing, Now.AddDays(-2));

        var report = CoverageEngine.Compute(Input(TestCollections.Enterprise181(), [rule], Sysmon(DataSourceStatus.Degraded, Now.AddDays(-3))), Now);

        Assert.Equal(CoverageState.Validated, StateOf(report, "T1003"));
    }

    [Fact]
    public void Compute_NoInventory_NoDataRatherThanAssumedCovered()
    {
        var input = Input(TestCollections.Enterprise181(), [Rule("T1003", ValidationStatus.TestedPassing, Now.AddDays(-1))]) with { DataSources = [] };

        Assert.Equal(CoverageState.NoData, StateOf(CoverageEngine.Compute(input, Now), "T1003"));
    }

    [Fact]
    public void Compute_DisabledRule_Gap()
    {
        var report = CoverageEngine.Compute(Input(TestCollections.Enterprise181(), [Rule("T1003", ValidationStatus.TestedPassing, Now, enabled: false)]), Now);

        Assert.Equal(CoverageState.Gap, StateOf(report, "T1003"));
        Assert.Equal(RuleState.Disabled, Assert.Single(report.Rules).State);
    }

    [Fact]
    public void Compute_ValidatedAndFailingRules_ValidatedWins()
    {
        var rules = new[] { Rule("T1003", ValidationStatus.TestedFailing, Now.AddDays(-1)), Rule("T1003", ValidationStatus.TestedPassing, Now.AddDays(-1)) };

        var report = CoverageEngine.Compute(Input(TestCollections.Enterprise181(), rules), Now);

        Assert.Equal(CoverageState.Validated, StateOf(report, "T1003"));
        Assert.Equal(2, report.Find("T1003")!.Rules.Count);
    }

    [Fact]
    public void Compute_SubtechniqueRule_RollsUpToParentButNotTheOtherWay()
    {
        var report = CoverageEngine.Compute(Input(TestCollections.Enterprise181(), [Rule("T1059.001", ValidationStatus.TestedPassing, Now)]), Now);

        var parent = report.Find("T1059")!;
        Assert.Equal((CoverageState.Validated, true), (parent.State, parent.RolledUp));
        Assert.Equal(CoverageState.Validated, StateOf(report, "T1059.001"));

        var parentOnly = CoverageEngine.Compute(Input(TestCollections.Enterprise181(), [Rule("T1059", ValidationStatus.TestedPassing, Now)]), Now);
        Assert.Equal(CoverageState.Gap, StateOf(parentOnly, "T1059.001"));
    }

    [Fact]
    public void Compute_TechniqueMissingFromCollection_KeptAndFlagged()
    {
        var report = CoverageEngine.Compute(Input(TestCollections.Enterprise181(), [Rule("T1685")]), Now);

        var unknown = Assert.Single(report.UnknownTechniques);
        Assert.Equal(("T1685", false, "not in enterprise-attack@18.1"), (unknown.Id.Value, unknown.InCollection, unknown.Name));
        Assert.DoesNotContain(report.Techniques, t => t.Id.Value == "T1685");
    }

    [Fact]
    public void Compute_OwnerFilter_CountsOnlyThatOwnersRules()
    {
        var rules = new[] { Rule("T1003", ValidationStatus.TestedPassing, Now, owner: "alice"), Rule("T1059", owner: "bob") };

        var report = CoverageEngine.Compute(Input(TestCollections.Enterprise181(), rules), Now, new CoverageFilter { Owner = "Bob" });

        Assert.Equal((CoverageState.Gap, CoverageState.RuleExists), (StateOf(report, "T1003"), StateOf(report, "T1059")));
        Assert.Equal(["bob"], report.ByOwner.Select(o => o.Key));
    }

    [Fact]
    public void Compute_PriorityCadence_ShorterThanDefault()
    {
        // 120 days: inside the 180-day default, outside the 90-day priority cadence.
        var input = Input(TestCollections.Enterprise181(), [Rule("T1003", ValidationStatus.TestedPassing, Now.AddDays(-120))]) with
        {
            Priority = new HashSet<string> { "T1003" },
        };

        var report = CoverageEngine.Compute(input, Now);

        Assert.Equal(CoverageState.RuleExists, StateOf(report, "T1003"));
        Assert.Equal(new CoverageCounts { Key = "priority", RuleExists = 1 }, report.Summarize(CoverageScope.Priority) with { Key = "priority" });
    }

    [Fact]
    public void Compute_ByTactic_FollowsTacticsOfTechniques()
    {
        var report = CoverageEngine.Compute(Input(TestCollections.Enterprise181(), [Rule("T1003", ValidationStatus.TestedPassing, Now)]), Now);

        var credential = report.ByTactic.Single(t => t.Key == "credential-access");
        Assert.Equal((1, 1, 100.0), (credential.Validated, credential.Total, credential.ValidatedPercent));
        Assert.Equal(0, report.ByTactic.Single(t => t.Key == "execution").Validated);
    }
}
