using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Attack;
using Tessera.Core.Incidents;
using Tessera.Core.Navigator;

namespace Tessera.Server.Api.Incidents;

/// <summary>Read-only views: Navigator layer and CSV exports, similar groups, the cross-incident heatmap, technique context.</summary>
internal static class IncidentInsightEndpoints
{
    /// <summary>Ranking more groups than this is no longer "which groups does it look like".</summary>
    private const int MaxTop = 50;

    public static void MapIncidentInsightEndpoints(this RouteGroupBuilder incidents)
    {
        incidents.MapGet("/{id:long}/layer", LayerAsync).WithSummary("An incident's techniques as an ATT&CK Navigator layer");
        incidents.MapGet("/{id:long}/associations.csv", CsvAsync).WithSummary("An incident's technique associations as CSV");
        incidents.MapGet("/{id:long}/similar-groups", SimilarGroupsAsync).WithSummary("ATT&CK groups whose known techniques overlap the incident's");
        incidents.MapGet("/heatmap", HeatmapAsync).WithSummary("Technique counts across incidents (heatmap)");
        incidents.MapGet("/techniques/{techniqueId}", TechniqueAsync).WithSummary("A technique's tactics and the groups and software known to use it, with procedure examples");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> LayerAsync(long id, string? source, IIncidentStore store,
        IncidentCardReader cards, IAttackSourceCatalog catalog, Knowledge.KnowledgeBaseHost knowledge, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } incident)
        {
            return Problems.NotFound(Incident.Missing(id));
        }

        var rows = await cards.RowsAsync(id, ct);
        var key = source ?? rows.FirstOrDefault()?.SourceKey;
        // Exports read any loaded release the incident uses, even one deactivated since (history stays readable).
        var collection = key is null ? await catalog.DefaultAsync(AttackDomain.Enterprise, ct) : knowledge.Find(key);
        if (collection is null)
        {
            return Problems.NotFound($"Source '{key}' is not loaded on this server.");
        }

        var json = LayerWriter.WriteToString(IncidentExports.ToLayer(incident, collection, rows));
        return TypedResults.Text(json, "application/json", Encoding.UTF8);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CsvAsync(long id, IIncidentStore store, IncidentCardReader cards, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } incident)
        {
            return Problems.NotFound(Incident.Missing(id));
        }

        using var writer = new StringWriter();
        IncidentExports.WriteCsv(await cards.RowsAsync(id, ct), writer);
        return TypedResults.File(Encoding.UTF8.GetBytes(writer.ToString()), "text/csv", $"{incident.Number}-techniques.csv");
    }

    private static async Task<Results<Ok<IReadOnlyList<GroupMatch>>, ProblemHttpResult>> SimilarGroupsAsync(long id, string? source, int? top,
        IIncidentStore store, IAttackSourceCatalog catalog, CancellationToken ct)
    {
        if (top is < 1 or > MaxTop)
        {
            return Problems.BadRequest($"top must be 1..{MaxTop}.");
        }

        if (await store.FindAsync(id, ct) is null)
        {
            return Problems.NotFound(Incident.Missing(id));
        }

        var collection = await CollectionAsync(catalog, source, ct);
        if (collection.Collection is null)
        {
            return Problems.NotFound(collection.Error!);
        }

        var associations = await store.AssociationsAsync(id, ct);
        var techniques = associations.Where(a => a.SourceKey == collection.Collection.Info.Key).Select(a => a.TechniqueId).Distinct();
        return TypedResults.Ok(GroupOverlap.Rank(collection.Collection, techniques, top ?? 10));
    }

    private static async Task<Results<Ok<HeatmapView>, ProblemHttpResult>> HeatmapAsync(IIncidentStore store, IAttackSourceCatalog catalog,
        DateTimeOffset? from, DateTimeOffset? to, [FromQuery] IncidentSeverity[]? severity, [FromQuery] IncidentState[]? state,
        string? source, string? group, HttpContext ctx, CancellationToken ct)
    {
        (to, var periodProblem) = QueryPeriod.Read(ctx.Request, from, to);
        if (periodProblem is not null)
        {
            return periodProblem;
        }

        var collection = await CollectionAsync(catalog, source, ct);
        if (source is not null && collection.Collection is null)
        {
            // As /layer and /techniques/{id} answer: a source that cannot be used is not silently widened to all sources.
            return Problems.NotFound(collection.Error!);
        }

        var groupTechniques = group is null || collection.Collection is null ? null : GroupOverlap.TechniquesOf(collection.Collection, group);
        if (group is not null && groupTechniques is null)
        {
            return Problems.NotFound($"Group '{group}' is not in {collection.Collection?.Info.Key ?? "any active source"}.");
        }

        var cells = await store.HeatmapAsync(new HeatmapQuery
        {
            From = from, To = to, Severities = severity ?? [], States = state ?? [], SourceKey = collection.Collection?.Info.Key,
        }, ct);
        var views = cells.Select(c => new HeatmapCellView(c.TechniqueId, collection.Collection?.FindTechnique(c.TechniqueId)?.Name,
            c.Incidents, c.Associations, groupTechniques?.Contains(c.TechniqueId) == true)).ToList();
        var seen = cells.Select(c => c.TechniqueId).ToHashSet(StringComparer.Ordinal);
        var groupOnly = groupTechniques?.Where(t => !seen.Contains(t)).Order(StringComparer.Ordinal).ToList() ?? [];
        return TypedResults.Ok(new HeatmapView(collection.Collection?.Info.Key, group, views.Count == 0 ? 0 : views.Max(v => v.Incidents), views, groupOnly));
    }

    private static async Task<Results<Ok<TechniqueContext>, ProblemHttpResult>> TechniqueAsync(string techniqueId, string? source,
        IAttackSourceCatalog catalog, CancellationToken ct)
    {
        var collection = await CollectionAsync(catalog, source, ct);
        if (collection.Collection is null)
        {
            return Problems.NotFound(collection.Error!);
        }

        return TechniqueContext.Of(collection.Collection, techniqueId) is { } context
            ? TypedResults.Ok(context)
            : Problems.NotFound($"{techniqueId} does not exist in {collection.Collection.Info.Key}.");
    }

    private static async Task<SourceResolution> CollectionAsync(IAttackSourceCatalog catalog, string? source, CancellationToken ct)
    {
        if (source is not null)
        {
            return await catalog.ResolveAsync(source, ct);
        }

        return await catalog.DefaultAsync(AttackDomain.Enterprise, ct) is { } collection
            ? SourceResolution.Found(collection)
            : SourceResolution.Failed("unknown-source", "No Enterprise source is active; an admin activates one under /api/v1/sources.");
    }
}
