using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Attack;
using Tessera.Core.Runbooks;
using Tessera.Core.Security;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Runbooks;

/// <summary>Response runbooks per technique or tactic: anyone may read (with safe HTML); engineers edit, with version checks.</summary>
public static class RunbookEndpoints
{
    public static IEndpointRouteBuilder MapRunbookEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/runbooks").WithTags("Runbooks").Require(Permission.Read);
        read.MapGet("/", ListAsync).WithSummary("List runbooks, or those for a technique or tactic");
        read.MapGet("/{id:guid}", GetAsync).WithSummary("Get a runbook");
        var write = app.MapGroup("/api/v1/runbooks").WithTags("Runbooks").Require(Permission.ChangeRunbooks);
        write.MapPost("/", CreateAsync).WithSummary("Create a runbook");
        write.MapPut("/{id:guid}", UpdateAsync).WithSummary("Update a runbook");
        write.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete a runbook");
        return app;
    }

    /// <summary>A runbook with its Markdown and the safe HTML rendering of it (<see cref="SafeMarkdown"/>).</summary>
    public sealed record RunbookView(Guid Id, RunbookScope Scope, string Target, string Title, string Markdown, string Html, string Owner,
        string? UpdatedBy, DateTimeOffset UpdatedAt, long Version)
    {
        public static RunbookView Of(RunbookEntry e) =>
            new(e.Id, e.Scope, e.Target, e.Title, e.Markdown, SafeMarkdown.ToHtml(e.Markdown), e.Owner, e.UpdatedBy, e.Updated, e.Version);
    }

    /// <summary>Why a runbook applies to the asked technique: its own, its parent's, or one of its tactics'.</summary>
    public sealed record RunbookMatchView(RunbookMatchReason Reason, RunbookView Runbook);

    public sealed record RunbookRequest(RunbookScope Scope, string? Target, string? Title, string? Markdown, string? Owner, long? Version);

    /// <summary>
    /// With <paramref name="technique"/>: the runbooks that apply to it (own, parent's, its tactics' in the newest
    /// Enterprise release that knows it), most specific first. Otherwise every runbook, or a tactic's.
    /// </summary>
    private static async Task<Results<Ok<List<RunbookMatchView>>, Ok<List<RunbookView>>, ProblemHttpResult>> ListAsync(
        string? technique, string? tactic, IRunbookStore store, KnowledgeBaseHost knowledge, CancellationToken ct)
    {
        // A misspelt tactic (or TA9999) answered an empty list, as if it had no runbook: refused naming the value and the
        // tactics runbooks may target (every loaded release's); an ID (TA0006) finds the runbooks stored under its short name.
        if (TacticFilter.Check(tactic, TacticNames.Of(knowledge.Collections), out var tacticName) is { } tacticErrors)
        {
            return TacticFilter.Problem(tacticErrors);
        }

        if (technique is null)
        {
            var entries = await store.ListAsync(tacticName is null ? null : RunbookScope.Tactic, tacticName, ct);
            return TypedResults.Ok(entries.Select(RunbookView.Of).ToList());
        }

        if (!TechniqueId.TryParse(technique.Trim().ToUpperInvariant(), out var id))
        {
            return Problems.BadRequest($"'{technique}' is not a technique ID (expected T1234 or T1234.567).");
        }

        // Unknown IDs (newer than the loaded releases) still get their own and parent runbooks, just no tactic ones.
        var tactics = (knowledge.Latest(AttackDomain.Enterprise)?.FindTechnique(id)
            ?? knowledge.Collections.Select(c => c.FindTechnique(id)).FirstOrDefault(t => t is not null))?.Tactics ?? [];
        var library = new RunbookLibrary(await store.ListAsync(null, null, ct));
        return TypedResults.Ok(library.For(id, tactics).Select(m => new RunbookMatchView(m.Reason, RunbookView.Of(m.Entry))).ToList());
    }

    private static async Task<Results<Ok<RunbookView>, ProblemHttpResult>> GetAsync(Guid id, IRunbookStore store, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } e ? TypedResults.Ok(RunbookView.Of(e)) : Problems.NotFound($"No runbook {id}.");

    private static async Task<Results<Created<RunbookView>, ProblemHttpResult>> CreateAsync(
        RunbookRequest request, IRunbookStore store, KnowledgeBaseHost knowledge, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        if (ToEntry(Guid.Empty, request, ctx).WithTacticOf(TacticNames.Of(knowledge.Collections), out var unknown) is not { } entry)
        {
            return UnknownTactic(unknown!);
        }

        var result = await store.CreateAsync(entry, Author(ctx), ct);
        if (!result.IsSaved)
        {
            return Problems.From(result);
        }

        var view = RunbookView.Of(result.Value!);
        await audit.WriteAsync(ctx.User, "runbook.create", "runbook", view.Id.ToString(), null, Snapshot(result.Value!), ct);
        return TypedResults.Created($"/api/v1/runbooks/{view.Id}", view);
    }

    private static async Task<Results<Ok<RunbookView>, ProblemHttpResult>> UpdateAsync(
        Guid id, RunbookRequest request, IRunbookStore store, KnowledgeBaseHost knowledge, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        if (request.Version is not { } version)
        {
            return Problems.VersionRequired();
        }

        if (ToEntry(id, request, ctx).WithTacticOf(TacticNames.Of(knowledge.Collections), out var unknown) is not { } entry)
        {
            return UnknownTactic(unknown!);
        }

        var before = await store.FindAsync(id, ct);
        var result = await store.UpdateAsync(entry, version, Author(ctx), ct);
        if (!result.IsSaved)
        {
            return result.Status == Core.Storage.SaveStatus.Conflict && before is not null
                ? Problems.Conflict(result.Message!, RunbookView.Of(before))
                : Problems.From(result);
        }

        await audit.WriteAsync(ctx.User, "runbook.update", "runbook", id.ToString(), before is null ? null : Snapshot(before), Snapshot(result.Value!), ct);
        return TypedResults.Ok(RunbookView.Of(result.Value!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, long? version, IRunbookStore store, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        if (version is null)
        {
            return Problems.BadRequest("version query parameter is required (the version you read).");
        }

        var result = await store.DeleteAsync(id, version.Value, ct);
        if (!result.IsSaved)
        {
            return Problems.From(result);
        }

        await audit.WriteAsync(ctx.User, "runbook.delete", "runbook", id.ToString(), Snapshot(result.Value!), null, ct);
        return TypedResults.NoContent();
    }

    private static RunbookEntry ToEntry(Guid id, RunbookRequest r, HttpContext ctx) => new()
    {
        Id = id, Scope = r.Scope, Target = r.Target ?? "", Title = r.Title ?? "", Markdown = r.Markdown ?? "",
        Owner = string.IsNullOrWhiteSpace(r.Owner) ? Author(ctx) : r.Owner, Updated = default,
    };

    // A tactic target no loaded release has (TA9999, a typo): refused like a malformed technique ID, naming field and value.
    private static ProblemHttpResult UnknownTactic(string problem) =>
        Problems.Invalid(problem, new Dictionary<string, string[]> { ["target"] = [problem] });

    private static string Author(HttpContext ctx) => ctx.User.Identity?.Name ?? "unknown";

    // The audit keeps the Markdown source, not the rendered HTML (derivable, and it would double the size).
    private static object Snapshot(RunbookEntry e) => new { e.Id, e.Scope, e.Target, e.Title, e.Markdown, e.Owner, e.Version };
}
