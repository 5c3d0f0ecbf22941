using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Attack;
using Tessera.Core.Security;
using Tessera.Core.Storage;
using Tessera.Server.Alerts;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Attack;

/// <summary>
/// <c>POST /api/v1/attack/migrations</c>: preview (default) or apply moving stored technique references from one loaded
/// release to another. Admin only (it rewrites every feature's data); an applied migration is audited.
/// </summary>
public static class AttackMigrationEndpoints
{
    public static IEndpointRouteBuilder MapAttackMigrationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/attack").WithTags("ATT&CK").MapPost("/migrations", MigrateAsync).WithSummary("Move stored technique IDs to a newer ATT&CK release").Require(Permission.ManageAttackSources);
        return app;
    }

    /// <summary><see cref="From"/>/<see cref="To"/> are collection keys (enterprise-attack@17.1) or versions of <see cref="Domain"/>.</summary>
    public sealed record MigrationRequest(string? From, string? To, string? Domain = null, bool Apply = false);

    public sealed record MigrationItemView(TechniqueReferenceKind Kind, string OwnerId, string Label, string TechniqueId, MigrationAction Action, string? NewId, string Reason);

    public sealed record MigrationView(
        string From, string To, bool Applied, int Replace, int Review, int Unknown, int Keep, IReadOnlyList<MigrationItemView> Items,
        IReadOnlyList<AppliedTechniqueMigration>? Changes);

    private static async Task<Results<Ok<MigrationView>, ProblemHttpResult>> MigrateAsync(
        MigrationRequest request, KnowledgeBaseHost kb, ITechniqueReferenceStore store, AlertMappingService alerts, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        if (DomainParameter.Parse(request.Domain, out var narrowed) is { } invalid)
        {
            return invalid;
        }

        var domain = narrowed ?? AttackDomain.Enterprise;
        if (string.IsNullOrWhiteSpace(request.From) || string.IsNullOrWhiteSpace(request.To))
        {
            return Problems.BadRequest("'from' and 'to' are required: collection keys (enterprise-attack@17.1) or versions (17.1) of loaded releases.");
        }

        var from = Resolve(kb, request.From, domain);
        var to = Resolve(kb, request.To, domain);
        if (from is null || to is null)
        {
            return Problems.NotFound($"'{request.From}' and '{request.To}' must both be loaded on this server; loaded: {string.Join(", ", kb.Collections.Select(c => c.Info.Key))}.");
        }

        var report = await new MigrateTechniqueReferencesCommand(store).ExecuteAsync(from, to, request.Apply, ctx.User.Identity?.Name, ct);
        if (report.Errors.Count > 0)
        {
            return Problems.BadRequest(string.Join(" ", report.Errors));
        }

        if (report.Applied)
        {
            await alerts.ReloadLibraryAsync(ct);
            await audit.WriteAsync(ctx.User, "attack.migrate", "attack-migration", $"{from.Info.Key}→{to.Info.Key}", null, ReferenceMigrationSummary.Of(report), ct);
        }

        return TypedResults.Ok(new MigrationView(from.Info.Key, to.Info.Key, report.Applied,
            report.Count(MigrationAction.Replace), report.Count(MigrationAction.Review), report.Count(MigrationAction.Unknown), report.Count(MigrationAction.Keep),
            report.Items.Select(i => new MigrationItemView(i.Reference.Kind, i.Reference.OwnerId, i.Reference.Label, i.Reference.TechniqueId, i.Action, i.NewId, i.Reason)).ToList(),
            report.Result?.Changes));
    }

    private static AttackCollection? Resolve(KnowledgeBaseHost kb, string keyOrVersion, AttackDomain domain) =>
        kb.Find(keyOrVersion) ?? kb.Collections.FirstOrDefault(c => c.Info.Domain == domain && c.Info.Version == keyOrVersion);
}
