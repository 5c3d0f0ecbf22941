using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tessera.Core.Alerts.Ingest;
using Tessera.Core.Attack;
using Tessera.Core.Enrichment;
using Tessera.Core.Security;
using Tessera.Core.Text;
using Tessera.Server.Alerts;
using Tessera.Server.Api.Coverage;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Enrichment;

/// <summary>
/// SOAR enrichment: <c>GET /api/v1/enrich?technique=T1053.005</c> and <c>POST /api/v1/enrich</c> with an alert.
/// Read permission, so API-key clients (playbooks) can call it.
/// </summary>
public static class EnrichmentEndpoints
{
    /// <summary>Procedure examples returned by default; <c>?procedures=</c> takes 1 to <see cref="MaxProcedures"/>.</summary>
    public const int DefaultProcedures = 5;

    /// <summary>Popular techniques have 300+ procedure examples; 50 is more than a playbook shows.</summary>
    public const int MaxProcedures = 50;

    /// <summary>The alert parser refuses lines over this size; checking first avoids buffering a larger body.</summary>
    public const long MaxAlertBytes = AlertParser.MaxAlertChars;

    /// <summary>Registers the enricher over the incident store (open incidents) and the runbook store (runbook steps).</summary>
    public static IServiceCollection AddTesseraEnrichment(this IServiceCollection services)
    {
        services.TryAddSingleton<IIncidentTechniqueLookup, Core.Incidents.IncidentTechniqueLookup>();
        services.TryAddSingleton<IRunbookLibrarySource, StoredRunbookLibrarySource>();
        return services.AddScoped<TechniqueEnricher>();
    }

    public static IEndpointRouteBuilder MapEnrichmentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/enrich").WithTags("Enrichment").Require(Permission.Read);
        group.MapGet("/", GetAsync).WithSummary("Technique context for SOAR playbooks: ATT&CK, coverage, open incidents, runbook steps");
        group.MapPost("/", PostAsync).WithSummary("Map an alert and return context for each suggested technique");
        return app;
    }

    private static async Task<Results<Ok<TechniqueEnrichmentView>, ProblemHttpResult>> GetAsync(
        string? technique, KnowledgeBaseHost knowledge, TechniqueEnricher enricher, CancellationToken ct, string? collection = null, int procedures = DefaultProcedures)
    {
        if (string.IsNullOrWhiteSpace(technique))
        {
            return Problems.BadRequest("technique is required, e.g. ?technique=T1053.005.");
        }

        if (procedures is < 1 or > MaxProcedures)
        {
            return Problems.BadRequest($"procedures must be 1 to {MaxProcedures}.");
        }

        if (CoverageAttack.Resolve(knowledge, collection) is not { } attack)
        {
            return Problems.NotFound(CoverageAttack.Missing(collection));
        }

        var lookup = attack.LookupTechnique(technique.Trim());
        if (lookup.Status == TechniqueStatus.InvalidId)
        {
            return Problems.BadRequest($"'{Echo.Clip(technique, 40)}' is not an ATT&CK technique ID (expected T1234 or T1234.567).");
        }

        if (!lookup.Found)
        {
            return Problems.NotFound($"{technique.Trim()} is not in {attack.Info.Key}.");
        }

        return TypedResults.Ok((await enricher.EnrichAsync(attack, [lookup], procedures, ct))[0]);
    }

    private static async Task<Results<Ok<AlertEnrichmentView>, ProblemHttpResult>> PostAsync(
        HttpRequest request, KnowledgeBaseHost knowledge, TechniqueEnricher enricher, AlertMappingService mapping, CancellationToken ct,
        string? collection = null, int procedures = DefaultProcedures, int top = 3)
    {
        if (procedures is < 1 or > MaxProcedures || top is < 1 or > 10)
        {
            return Problems.BadRequest($"procedures must be 1 to {MaxProcedures} and top 1 to 10.");
        }

        // Content-Length refuses a declared large body before reading it; a chunked body declares nothing, so the
        // bytes read are counted as well.
        if (request.ContentLength > MaxAlertBytes || await ReadAtMostAsync(request.Body, MaxAlertBytes, ct) is not { } body)
        {
            return Problems.TooLarge($"an alert is at most {MaxAlertBytes:N0} bytes.");
        }

        if (CoverageAttack.Resolve(knowledge, collection) is not { } attack)
        {
            return Problems.NotFound(CoverageAttack.Missing(collection));
        }

        AlertParseResult parsed;
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            parsed = AlertParser.Parse(doc.RootElement, 1, "request body");
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest($"the body is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}: {JsonText.Reason(ex)}).");
        }

        if (parsed.Alert is not { } alert)
        {
            return Problems.BadRequest($"the body is not an alert: {parsed.Error?.Message}.");
        }

        // The server's one mapper with the team's alert library, as POST /alerts/map uses. Without it (no shared data
        // folder, or still being built after BuildWait) a playbook still gets the IDs the alert itself names, told why.
        var mapper = await mapping.GetMapperAsync(mapping.BuildWait, ct);
        var ids = mapper is not null
            ? mapper.Map(alert, top).Techniques.Select(t => t.Id).ToList()
            : alert.VendorHints.Select(h => h.TechniqueId).Distinct(StringComparer.OrdinalIgnoreCase).Take(top).ToList();
        var found = new List<TechniqueLookup>();
        var unknown = new List<UnenrichedTechniqueView>();
        foreach (var id in ids.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var lookup = attack.LookupTechnique(id);
            if (lookup.Found)
            {
                found.Add(lookup);
            }
            else
            {
                unknown.Add(new UnenrichedTechniqueView(Echo.Clip(id, 40), lookup.Status == TechniqueStatus.InvalidId ? "not a technique ID" : $"not in {attack.Info.Key}"));
            }
        }

        var notices = parsed.Notices.ToList();
        if (mapper is null)
        {
            notices.Add($"alert mapping is unavailable ({mapping.Problem ?? "no mapper"}): only technique IDs the alert itself names were used");
        }

        if (ids.Count == 0)
        {
            notices.Add(mapper is null ? "the alert names no ATT&CK technique" : "the alert mapper suggested no technique");
        }

        return TypedResults.Ok(new AlertEnrichmentView(
            new EnrichAlertView(alert.Id, alert.Title, alert.Source, alert.Shape.ToString()),
            mapper is null ? "vendor-metadata" : "alert-mapper",
            await enricher.EnrichAsync(attack, found, procedures, ct), unknown, notices));
    }

    /// <summary>The whole body in memory, or null as soon as it passes <paramref name="max"/> bytes.</summary>
    private static async Task<MemoryStream?> ReadAtMostAsync(Stream body, long max, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }
}
