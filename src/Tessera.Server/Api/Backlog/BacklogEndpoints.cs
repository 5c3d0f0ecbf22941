using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Backlog;
using Tessera.Core.Coverage;
using Tessera.Core.Security;
using Tessera.Server.Api.Coverage;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Backlog;

/// <summary>The detection backlog: items created and closed by coverage, edited by engineers, exported for ticketing.</summary>
internal static class BacklogEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/backlog").WithTags("Backlog");
        group.MapGet("/", ListAsync).WithSummary("List backlog items").Require(Permission.Read);
        group.MapGet("/export", ExportAsync).WithSummary("Export backlog items as CSV").Require(Permission.Read);
        group.MapGet("/{id:guid}", async Task<Results<Ok<BacklogItem>, ProblemHttpResult>> (Guid id, IBacklogStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } item ? TypedResults.Ok(item) : Problems.NotFound($"No backlog item {id}.")).WithSummary("Get a backlog item").Require(Permission.Read);
        group.MapPatch("/{id:guid}", EditAsync).WithSummary("Change a backlog item's owner, due date, state or note").Require(Permission.ChangeCoverage);
        group.MapPost("/reconcile", ReconcileAsync).WithSummary("Create and close backlog items from current coverage").Require(Permission.ChangeCoverage);
    }

    /// <summary>Query string filters: <c>state</c> is a comma-separated list (open,inProgress,done,closedAutomatically).</summary>
    internal sealed record Filter(string? State, BacklogReason? Reason, string? Owner, string? Technique, int Skip = 0, int Take = 100)
    {
        public BacklogQuery? ToQuery(out string? error)
        {
            error = null;
            var states = new List<BacklogState>();
            foreach (var part in (State ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Hosting.EnumNames.TryParse<BacklogState>(part, out var s))
                {
                    error = $"state '{part}' is not one of {Hosting.EnumNames.List(typeof(BacklogState))}.";
                    return null;
                }

                states.Add(s);
            }

            if (Skip < 0 || Take is < 1 or > BacklogQuery.MaxTake)
            {
                error = $"take must be 1..{BacklogQuery.MaxTake} and skip ≥ 0.";
                return null;
            }

            return new BacklogQuery { States = states, Reason = Reason, Owner = Owner, Technique = Technique, Skip = Skip, Take = Take };
        }
    }

    private static async Task<Results<Ok<BacklogPage>, ProblemHttpResult>> ListAsync([AsParameters] Filter filter, IBacklogStore store, CancellationToken ct) =>
        filter.ToQuery(out var error) is { } query ? TypedResults.Ok(await store.QueryAsync(query, ct)) : Problems.BadRequest(error!);

    private static async Task<IResult> ExportAsync([AsParameters] Filter filter, IBacklogStore store, CancellationToken ct)
    {
        if (filter.ToQuery(out var error) is not { } query)
        {
            return Problems.BadRequest(error!);
        }

        var items = new List<BacklogItem>();
        for (var skip = 0; ; skip += BacklogQuery.MaxTake)
        {
            var page = await store.QueryAsync(query with { Skip = skip, Take = BacklogQuery.MaxTake }, ct);
            items.AddRange(page.Items);
            if (page.Items.Count < BacklogQuery.MaxTake) break;
        }

        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(BacklogCsvWriter.WriteToString(items)), "text/csv", "backlog.csv");
    }

    private static async Task<Results<Ok<BacklogItem>, ProblemHttpResult>> EditAsync(
        Guid id, BacklogEditRequest request, IBacklogStore store, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        if (request.Version is not { } version)
        {
            return Problems.VersionRequired();
        }

        var edit = request.ToEdit();
        if (edit.Validate() is { Count: > 0 } errors)
        {
            // Under each field's own key (errors.dueOn, errors.owner), as other endpoints answer, not one "edit" bucket.
            return Problems.Invalid($"The backlog edit has invalid fields: {string.Join("; ", errors)}.", edit.FieldErrors());
        }

        var before = await store.GetAsync(id, ct);
        var saved = await store.EditAsync(id, version, edit, ct);
        if (!saved.IsSaved)
        {
            return Problems.From(saved);
        }

        await audit.WriteAsync(ctx.User, "backlog.edit", "backlog-item", id.ToString(), before, saved.Value, ct);
        return TypedResults.Ok(saved.Value!);
    }

    private static async Task<Results<Ok<BacklogPlan>, ProblemHttpResult>> ReconcileAsync(
        CoverageService coverage, CoverageChangeMonitor monitor, KnowledgeBaseHost knowledge, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        if (CoverageAttack.Resolve(knowledge, null) is not { } attack)
        {
            return Problems.NotFound(CoverageAttack.Missing(null));
        }

        var plan = await monitor.ReconcileAsync(await coverage.ComputeAsync(attack, null, ct), Guid.NewGuid(), ct);
        await audit.WriteAsync(ctx.User, "backlog.reconcile", "backlog-item", null, null,
            new { created = plan.Create.Count, reopened = plan.Reopen.Count, closed = plan.Close.Count }, ct);
        return TypedResults.Ok(plan);
    }
}

/// <summary>An engineer's edit with the version they read; omitted fields stay as they are.</summary>
public sealed record BacklogEditRequest(long? Version, string? Owner = null, bool? ClearOwner = null, DateOnly? DueOn = null, bool? ClearDueOn = null,
    BacklogState? State = null, string? Note = null)
{
    public BacklogEdit ToEdit() => new()
    {
        Owner = Owner, ClearOwner = ClearOwner == true, DueOn = DueOn, ClearDueOn = ClearDueOn == true, State = State, Note = Note,
    };
}
