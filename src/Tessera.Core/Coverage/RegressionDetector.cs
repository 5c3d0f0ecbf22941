namespace Tessera.Core.Coverage;

/// <summary>
/// Compares coverage before and after a change and lists the techniques whose state worsened (a higher
/// <see cref="CoverageStates.Rank"/>: validated → failing → rule exists → no data → gap). Pure: two reports in,
/// regressions out. The cause comes from the rules that held the technique's best state before the change.
/// </summary>
public static class RegressionDetector
{
    /// <summary>Regressions from <paramref name="before"/> to <paramref name="after"/>, in technique ID order; empty when nothing worsened.</summary>
    public static IReadOnlyList<CoverageRegression> Detect(CoverageReport before, CoverageReport after, RegressionContext context)
    {
        var previous = new Dictionary<string, TechniqueCoverage>(before.Techniques.Count + before.UnknownTechniques.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var t in before.Techniques.Concat(before.UnknownTechniques))
        {
            previous[t.Id.Value] = t;
        }

        Dictionary<Guid, RuleCoverage>? rulesAfter = null;
        var regressions = new List<CoverageRegression>();
        foreach (var now in after.Techniques.Concat(after.UnknownTechniques))
        {
            if (!previous.Remove(now.Id.Value, out var was) || now.State.Rank() <= was.State.Rank())
            {
                continue;
            }

            rulesAfter ??= after.Rules.ToDictionary(r => r.RuleId);
            regressions.Add(Regression(was, now.State, now.IsPriority, rulesAfter, after, context));
        }

        // Unknown IDs that disappeared entirely (their only rules were removed) fell to gap.
        rulesAfter ??= after.Rules.ToDictionary(r => r.RuleId);
        foreach (var gone in previous.Values.Where(t => !t.InCollection && t.State != CoverageState.Gap))
        {
            regressions.Add(Regression(gone, CoverageState.Gap, false, rulesAfter, after, context));
        }

        regressions.Sort((a, b) => string.CompareOrdinal(a.Technique.Value, b.Technique.Value));
        return regressions;
    }

    private static CoverageRegression Regression(
        TechniqueCoverage was, CoverageState state, bool priority, Dictionary<Guid, RuleCoverage> rulesAfter, CoverageReport after, RegressionContext context)
    {
        // Rules that supported the old state and no longer do explain the drop.
        var worsened = new List<RegressedRule>();
        var dataSources = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in was.AllRules)
        {
            if (rule.Contributes != was.State)
            {
                continue;
            }

            var now = rulesAfter.GetValueOrDefault(rule.RuleId);
            var stillTagged = now is not null && now.Techniques.Any(t => t == was.Id || t.Parent == was.Id);
            if (stillTagged && now!.Contributes == was.State)
            {
                continue;
            }

            var cause = !stillTagged ? RegressionCause.RuleRemoved : CauseOf(now!);
            worsened.Add(new RegressedRule(rule.RuleId, rule.Title, rule.State, stillTagged ? now!.State : null, cause));
            if (cause is RegressionCause.DataSourceDropped)
            {
                dataSources.UnionWith(now!.MissingData);
            }
            else if (cause is RegressionCause.DataSourceDegraded)
            {
                dataSources.UnionWith(now!.DataSources);
            }
        }

        return new CoverageRegression
        {
            ChangeId = context.ChangeId, DetectedAt = after.ComputedAt, Trigger = context.Trigger, Actor = context.Actor,
            CollectionKey = after.CollectionKey, Technique = was.Id, TechniqueName = was.Name, IsPriority = priority || was.IsPriority,
            Before = was.State, After = state,
            Cause = worsened.Count == 0 ? RegressionCause.RuleRemoved : MainCause(worsened),
            Rules = worsened, DataSources = dataSources.ToList(),
        };
    }

    private static RegressionCause CauseOf(RuleCoverage rule) => rule.State switch
    {
        RuleState.Disabled => RegressionCause.RuleDisabled,
        RuleState.Failing => RegressionCause.ValidationFailed,
        RuleState.NoData => RegressionCause.DataSourceDropped,
        RuleState.Stale when rule.DegradedSince > rule.LastTested => RegressionCause.DataSourceDegraded,
        RuleState.Stale => RegressionCause.ValidationStale,
        _ => RegressionCause.ValidationStale,
    };

    // The most frequent cause among the worsened rules; ties go to the lower enum value (rule disabled first).
    private static RegressionCause MainCause(List<RegressedRule> rules) =>
        rules.GroupBy(r => r.Cause).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
}
