using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Server.Knowledge;

namespace Tessera.Server.Jobs;

/// <summary>Takes the daily coverage snapshot of the newest Enterprise collection (the history, trend and diff read them).</summary>
public sealed class CoverageSnapshotJob(KnowledgeBaseHost knowledge, CoverageService coverage, ICoverageSnapshotStore snapshots) : ITesseraJob
{
    public const string Name = "coverage-snapshot";
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        if (knowledge.Latest(AttackDomain.Enterprise) is not { } attack)
        {
            return "no Enterprise collection loaded";
        }

        var snapshot = await coverage.SnapshotAsync(attack, "daily", snapshots, ct);
        return $"snapshot {snapshot.Id}: {snapshot.All.Validated} validated of {snapshot.All.Total}";
    }
}
