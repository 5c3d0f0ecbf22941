using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Coverage;
using Tessera.Core.Security;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Coverage;

/// <summary>Coverage regressions (what each change lost) and the snapshot diff between two dates.</summary>
internal static class RegressionEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/coverage").WithTags("Coverage");
        group.MapGet("/regressions", ListAsync).WithSummary("List coverage regressions").Require(Permission.Read);
        group.MapGet("/snapshots/diff", DiffAsync).WithSummary("Compare two coverage snapshots").Require(Permission.Read);
    }

    private static async Task<Results<Ok<RegressionPage>, ProblemHttpResult>> ListAsync(
        ICoverageRegressionStore store, CancellationToken ct, string? since = null, int skip = 0, int take = 100)
    {
        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (SnapshotDiffQuery.ParseInstant(since, endOfDay: false) is not { } parsed)
            {
                return Problems.BadRequest($"since '{since}' is not a date (2026-01-31) or a timestamp (2026-01-31T12:00:00Z).");
            }

            from = parsed;
        }

        if (skip < 0 || take is < 1 or > RegressionPage.MaxTake)
        {
            return Problems.BadRequest($"take must be 1..{RegressionPage.MaxTake} and skip ≥ 0.");
        }

        return TypedResults.Ok(await store.ListAsync(from, skip, take, ct));
    }

    private static async Task<Results<Ok<SnapshotDiffView>, ProblemHttpResult>> DiffAsync(
        ICoverageSnapshotStore snapshots, KnowledgeBaseHost knowledge, TimeProvider time, CancellationToken ct,
        string? from = null, string? to = null, string? collection = null)
    {
        var start = SnapshotDiffQuery.ParseInstant(from, endOfDay: true);
        var end = to is null ? time.GetUtcNow() : SnapshotDiffQuery.ParseInstant(to, endOfDay: true);
        if (start is null || end is null)
        {
            return Problems.BadRequest("from (required) and to (default: now) are dates (2026-01-31, meaning the end of that day, UTC) or timestamps.");
        }

        if (start > end)
        {
            return Problems.BadRequest($"from ({from}) is after to ({to}).");
        }

        if (CoverageAttack.Resolve(knowledge, collection) is not { } attack)
        {
            return Problems.NotFound(CoverageAttack.Missing(collection));
        }

        var (diff, error) = await SnapshotDiffQuery.FindAsync(snapshots, attack.Info.Key, start.Value, end.Value, ct);
        return diff is null ? Problems.NotFound(error!) : TypedResults.Ok(SnapshotDiffView.Of(diff));
    }
}

/// <summary>A snapshot diff without the snapshots' full state maps.</summary>
public sealed record SnapshotDiffView(SnapshotView From, SnapshotView To, IReadOnlyList<StateDiffView> States,
    IReadOnlyList<TechniqueStateChange> Regressed, IReadOnlyList<TechniqueStateChange> Improved)
{
    public static SnapshotDiffView Of(CoverageSnapshotDiff d) => new(SnapshotView.Of(d.From), SnapshotView.Of(d.To),
        d.States.Select(s => new StateDiffView(s.State.Slug(), s.FromCount, s.ToCount, s.Gained, s.Lost)).ToList(), d.Regressed, d.Improved);
}

public sealed record StateDiffView(string State, int FromCount, int ToCount, IReadOnlyList<string> Gained, IReadOnlyList<string> Lost);
