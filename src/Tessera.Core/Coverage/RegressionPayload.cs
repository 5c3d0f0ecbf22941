namespace Tessera.Core.Coverage;

/// <summary>The <c>data</c> of a <c>coverage.regression</c> webhook and the audit entry: one change, its techniques (capped).</summary>
public sealed record RegressionPayload(
    Guid ChangeId, string Trigger, string? Actor, string Collection, DateTimeOffset DetectedAt, int Count, bool Truncated,
    IReadOnlyList<RegressionPayload.Technique> Techniques)
{
    public sealed record Technique(
        string Id, string Name, bool Priority, string Before, string After, RegressionCause Cause, IReadOnlyList<RegressedRule> Rules, IReadOnlyList<string> DataSources);

    public static RegressionPayload Of(Guid changeId, string trigger, string? actor, CoverageReport after, IReadOnlyList<CoverageRegression> regressions) =>
        new(changeId, trigger, actor, after.CollectionKey, after.ComputedAt, regressions.Count, regressions.Count > CoverageChangeMonitor.MaxWebhookTechniques,
            regressions.Take(CoverageChangeMonitor.MaxWebhookTechniques)
                .Select(r => new Technique(r.Technique.Value, r.TechniqueName, r.IsPriority, r.Before.Slug(), r.After.Slug(), r.Cause, r.Rules, r.DataSources))
                .ToList());
}
