using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Attack;
using Tessera.Core.Security;
using Tessera.Core.Storage;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Sources;

/// <summary>Which loaded ATT&amp;CK collections users may pick as a source: everyone reads, admins (de)activate, audited.</summary>
public static class SourceEndpoints
{
    public static IEndpointRouteBuilder MapSourceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sources").WithTags("Sources");
        group.MapGet("/", ListAsync).WithSummary("List ATT&CK sources and whether each is active").Require(Permission.Read);
        group.MapPost("/{key}/activate", ActivateAsync).WithSummary("Activate an ATT&CK source").Require(Permission.ManageAttackSources);
        group.MapPost("/{key}/deactivate", DeactivateAsync).WithSummary("Deactivate an ATT&CK source").Require(Permission.ManageAttackSources);
        return app;
    }

    /// <summary>A loaded or registered collection: <see cref="Active"/> means users may pick it; <see cref="Loaded"/> that this server has it.</summary>
    public sealed record SourceView(string Key, AttackDomain Domain, string Version, string Name, bool Active, bool Loaded, string? ChangedBy, DateTimeOffset? ChangedAt);

    private static async Task<Ok<List<SourceView>>> ListAsync(ISourceActivationStore store, KnowledgeBaseHost knowledge, CancellationToken ct)
    {
        var stored = (await store.ListAsync(activeOnly: false, ct)).ToDictionary(s => s.Key, StringComparer.OrdinalIgnoreCase);
        var views = knowledge.Collections.Select(c => c.Info)
            .Select(i => stored.TryGetValue(i.Key, out var s)
                ? new SourceView(i.Key, i.Domain, i.Version, i.Name, s.IsActive, true, s.ChangedBy, s.ChangedAt)
                : new SourceView(i.Key, i.Domain, i.Version, i.Name, false, true, null, null))
            .Concat(stored.Values.Where(s => knowledge.Find(s.Key) is null)
                .Select(s => new SourceView(s.Key, s.Domain, s.Version, s.Name, s.IsActive, false, s.ChangedBy, s.ChangedAt)))
            .OrderBy(v => v.Key, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(views);
    }

    private static async Task<Results<Ok<AttackSource>, ProblemHttpResult>> ActivateAsync(
        string key, ISourceActivationStore store, KnowledgeBaseHost knowledge, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        if (knowledge.Find(key) is not { } collection)
        {
            return Problems.NotFound($"'{key}' is not loaded on this server; load it first (tessera serve --attack …).");
        }

        var before = await store.FindAsync(collection.Info.Key, ct);
        var after = await store.ActivateAsync(collection.Info, ctx.User.Identity?.Name ?? "?", ct);
        await audit.WriteAsync(ctx.User, "source.activate", "source", after.Key, before, after, ct);
        return TypedResults.Ok(after);
    }

    private static async Task<Results<Ok<AttackSource>, ProblemHttpResult>> DeactivateAsync(
        string key, ISourceActivationStore store, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        var before = await store.FindAsync(key, ct);
        if (before is null || !await store.DeactivateAsync(before.Key, ctx.User.Identity?.Name ?? "?", ct))
        {
            return Problems.NotFound($"'{key}' was never activated.");
        }

        var after = (await store.FindAsync(before.Key, ct))!;
        await audit.WriteAsync(ctx.User, "source.deactivate", "source", after.Key, before, after, ct);
        return TypedResults.Ok(after);
    }
}
