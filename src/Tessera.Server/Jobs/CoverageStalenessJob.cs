using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Server.Knowledge;

namespace Tessera.Server.Jobs;

/// <summary>
/// Finds validations that went stale since the previous check (regressions caused by time alone) and reconciles the
/// backlog, which also catches up on changes made outside the API (CLI imports).
/// </summary>
public sealed class CoverageStalenessJob(KnowledgeBaseHost knowledge, CoverageChangeMonitor monitor) : ITesseraJob
{
    public const string Name = "coverage-staleness";

    /// <summary>Cadences are counted in days; hourly keeps a stale validation's regression within the hour it happens.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        if (knowledge.Latest(AttackDomain.Enterprise) is not { } attack)
        {
            return "no Enterprise collection loaded";
        }

        var outcome = await monitor.CheckStalenessAsync(attack, ct);
        return $"{outcome.Regressions.Count} regressions; backlog +{outcome.Backlog.Create.Count} created, {outcome.Backlog.Reopen.Count} reopened, {outcome.Backlog.Close.Count} closed";
    }
}
