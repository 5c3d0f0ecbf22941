using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Tests.Navigator;
using static Tessera.Core.Tests.Coverage.CoverageFixtures;

namespace Tessera.Core.Tests.Coverage;

public sealed class RegressionDetectorTests
{
    private static readonly RegressionContext Change = new(Guid.NewGuid(), "test", "engineer");

    private static IReadOnlyList<CoverageRegression> Detect(IReadOnlyList<RegisteredRule> before, IReadOnlyList<RegisteredRule> after,
        DataSourceEntry[]? sourcesBefore = null, DataSourceEntry[]? sourcesAfter = null, DateTimeOffset? beforeAt = null, DateTimeOffset? afterAt = null)
    {
        var attack = TestCollections.Enterprise181();
        return RegressionDetector.Detect(
            CoverageEngine.Compute(Input(attack, before, sourcesBefore ?? []), beforeAt ?? Now),
            CoverageEngine.Compute(Input(attack, after, sourcesAfter ?? []), afterAt ?? Now), Change);
    }

    private static RegisteredRule With(RegisteredRule rule, Func<DetectionRule, DetectionRule> change) => rule with { Rule = change(rule.Rule) };

    [Fact]
    public void Detect_ValidatedRuleDisabled_TechniqueLostValidatedWithRuleDisabledCause()
    {
        var rule = Rule("T1003.001", ValidationStatus.TestedPassing, Now.AddDays(-5), title: "LSASS dump");

        var regressions = Detect([rule], [With(rule, r => r with { Enabled = false })]);

        var sub = regressions.Single(r => r.Technique.Value == "T1003.001");
        Assert.True(sub.LostValidated);
        Assert.Equal((CoverageState.Validated, CoverageState.Gap, RegressionCause.RuleDisabled), (sub.Before, sub.After, sub.Cause));
        var worsened = Assert.Single(sub.Rules);
        Assert.Equal((rule.Id, "LSASS dump", RuleState.Validated, (RuleState?)RuleState.Disabled), (worsened.RuleId, worsened.Title, worsened.Before, worsened.After));
        Assert.Equal(Change.ChangeId, sub.ChangeId);
    }

    [Fact]
    public void Detect_ValidationFailed_FailingWithValidationFailedCause()
    {
        var rule = Rule("T1003", ValidationStatus.TestedPassing, Now.AddDays(-5));

        var regression = Assert.Single(Detect([rule], [With(rule, r => r with { Validation = ValidationStatus.TestedFailing, LastTested = Now })]));

        Assert.Equal((CoverageState.Validated, CoverageState.Failing, RegressionCause.ValidationFailed), (regression.Before, regression.After, regression.Cause));
    }

    [Fact]
    public void Detect_TimePassesBeyondCadence_ValidationStale()
    {
        // Passed 170 days before "now": validated now, stale 20 days later under the 180-day default cadence.
        var rule = Rule("T1003", ValidationStatus.TestedPassing, Now.AddDays(-170));

        var regression = Assert.Single(Detect([rule], [rule], afterAt: Now.AddDays(20)));

        Assert.Equal((CoverageState.Validated, CoverageState.RuleExists, RegressionCause.ValidationStale), (regression.Before, regression.After, regression.Cause));
    }

    [Fact]
    public void Detect_DataSourceDropped_NoDataNamingTheMissingSource()
    {
        var rule = Rule("T1003", ValidationStatus.TestedPassing, Now.AddDays(-5));

        var regression = Assert.Single(Detect([rule], [rule], [Sysmon()], [Sysmon(DataSourceStatus.Dropped, Now.AddDays(-1))]));

        Assert.Equal((CoverageState.NoData, RegressionCause.DataSourceDropped), (regression.After, regression.Cause));
        Assert.Equal(["WinEventLog:Sysmon EventCode=1 or WinEventLog:Security EventCode=4688"], regression.DataSources);
    }

    [Fact]
    public void Detect_DataSourceDegradedAfterTest_DataSourceDegradedCause()
    {
        var rule = Rule("T1003", ValidationStatus.TestedPassing, Now.AddDays(-5));

        var regression = Assert.Single(Detect([rule], [rule], [Sysmon()], [Sysmon(DataSourceStatus.Degraded, Now.AddDays(-1))]));

        Assert.Equal((CoverageState.RuleExists, RegressionCause.DataSourceDegraded), (regression.After, regression.Cause));
        Assert.NotEmpty(regression.DataSources);
    }

    [Fact]
    public void Detect_AnotherValidatedRuleRemains_NoRegression()
    {
        var first = Rule("T1003", ValidationStatus.TestedPassing, Now.AddDays(-5));
        var second = Rule("T1003", ValidationStatus.TestedPassing, Now.AddDays(-3));

        Assert.Empty(Detect([first, second], [With(first, r => r with { Enabled = false }), second]));
    }

    [Fact]
    public void Detect_CoverageImproves_NoRegression()
    {
        var rule = Rule("T1003");

        Assert.Empty(Detect([rule], [With(rule, r => r with { Validation = ValidationStatus.TestedPassing, LastTested = Now })]));
    }

    [Fact]
    public void Detect_RuleRemovedFromRegistry_RuleRemovedCause()
    {
        var rule = Rule("T1003", ValidationStatus.TestedPassing, Now.AddDays(-5));

        var regression = Assert.Single(Detect([rule], []));

        Assert.Equal((CoverageState.Gap, RegressionCause.RuleRemoved), (regression.After, regression.Cause));
        Assert.Null(Assert.Single(regression.Rules).After);
    }

    [Fact]
    public void Detect_UnknownV19TechniqueLosesItsOnlyRule_ReportedNotDropped()
    {
        // T1685 is a v19 ID the 18.1 collection lacks: kept as an unknown technique, and its loss is still a regression.
        var rule = Rule("T1685", ValidationStatus.TestedPassing, Now.AddDays(-5));

        var regression = Assert.Single(Detect([rule], [With(rule, r => r with { Enabled = false })]));

        Assert.Equal(("T1685", CoverageState.Gap, RegressionCause.RuleDisabled), (regression.Technique.Value, regression.After, regression.Cause));
    }
}
