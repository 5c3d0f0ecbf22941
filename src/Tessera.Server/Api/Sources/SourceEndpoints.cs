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

/// <summary>
/// Which loaded ATT&amp;CK collections users may pick as a source: everyone reads, admins (de)activate through
/// <see cref="SourceActivation"/> (audited, and incident roll-ups follow).
/// </summary>
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
        string key, SourceActivation sources, HttpContext ctx, CancellationToken ct) =>
        await sources.ActivateAsync(key, ctx.User, ct) is { } after
            ? TypedResults.Ok(after)
            : Problems.NotFound($"'{key}' is not loaded on this server; load it first (tessera serve --attack …).");

    private static async Task<Results<Ok<AttackSource>, ProblemHttpResult>> DeactivateAsync(
        string key, SourceActivation sources, HttpContext ctx, CancellationToken ct) =>
        await sources.DeactivateAsync(key, ctx.User, ct) is { } after
            ? TypedResults.Ok(after)
            : Problems.NotFound($"'{key}' was never activated.");
}
