using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Alerts.Library;
using Tessera.Core.Attack;
using Tessera.Core.Security;
using Tessera.Server.Alerts;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Alerts;

/// <summary>The analysts' alert library: search, export and all-or-nothing import (the <see cref="LibraryJson"/> format).</summary>
public static class AlertLibraryEndpoints
{
    public const int MaxTake = 200;

    public sealed record LibraryPageView(int Total, int Skip, int Take, IReadOnlyList<LibraryEntry> Items);

    /// <summary><see cref="Imported"/>: entries that changed the library (added or merged); <see cref="Unchanged"/>: entries that held nothing new.</summary>
    public sealed record ImportResponse(int Imported, int Unchanged, IReadOnlyList<string> Warnings);

    internal static void Map(IEndpointRouteBuilder app)
    {
        var library = app.MapGroup("/api/v1/alert-library").WithTags("Alert library").Require(Permission.Read);
        library.MapGet("/", ListAsync).WithSummary("Search the alert library (signature, title, technique, analyst)");
        library.MapGet("/export", ExportAsync).WithSummary("Export the alert library as JSON");
        library.MapPost("/import", ImportAsync).WithSummary("Import an alert library (all or nothing)").Require(Permission.ChangeAlerts);
    }

    /// <summary>Entries whose signature, example title, a history title or analyst, or a technique ID contains <paramref name="q"/> (case-insensitive).</summary>
    public static IEnumerable<LibraryEntry> Search(AlertLibrary library, string? q)
    {
        var text = q?.Trim();
        return string.IsNullOrEmpty(text)
            ? library.Entries
            : library.Entries.Where(e =>
                e.Signature.Contains(text, StringComparison.OrdinalIgnoreCase)
                || e.ExampleTitle.Contains(text, StringComparison.OrdinalIgnoreCase)
                || e.Confirmed.Concat(e.Rejected).Any(t => t.StartsWith(text, StringComparison.OrdinalIgnoreCase))
                || e.History.Any(h => h.Analyst.Equals(text, StringComparison.OrdinalIgnoreCase)));
    }

    private static async Task<Results<JsonHttpResult<LibraryPageView>, ProblemHttpResult>> ListAsync(
        AlertMappingService mapping, string? q, int? skip, int? take, CancellationToken ct)
    {
        if (take is < 1 or > MaxTake || skip < 0)
        {
            return Problems.BadRequest($"take must be 1..{MaxTake} and skip ≥ 0");
        }

        var matches = Search(await mapping.GetLibraryAsync().WaitAsync(ct), q).ToList();
        var (s, t) = (skip ?? 0, take ?? 50);
        return AlertEndpoints.Json(new LibraryPageView(matches.Count, s, t, matches.Skip(s).Take(t).ToList()));
    }

    private static async Task<IResult> ExportAsync(AlertMappingService mapping, HttpContext ctx, CancellationToken ct)
    {
        var library = await mapping.GetLibraryAsync().WaitAsync(ct);
        ctx.Response.ContentType = "application/json";
        ctx.Response.Headers.ContentDisposition = "attachment; filename=\"tessera-alert-library.json\"";
        await LibraryJson.ExportAsync(library, ctx.Response.Body, ct);
        return TypedResults.Empty;
    }

    private static async Task<Results<JsonHttpResult<ImportResponse>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, AlertMappingService mapping, KnowledgeBaseHost knowledge, AuditWriter audit, CancellationToken ct)
    {
        var library = await mapping.GetLibraryAsync().WaitAsync(ct);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        var before = library.Count;
        var result = await LibraryJson.ImportAsync(library, buffer, mapping.Current?.Attack ?? knowledge.Latest(AttackDomain.Enterprise), ct);
        if (!result.Ok)
        {
            return Problems.Invalid($"nothing imported: {result.Errors.Count} error(s); first: {result.Errors[0]}",
                new Dictionary<string, string[]> { ["entries"] = [.. result.Errors.Select(e => e.ToString())] });
        }

        var warnings = result.Warnings.Select(w => w.ToString()).ToList();
        await audit.WriteAsync(request.HttpContext.User, "alert-library.import", "alert-library", null,
            new { entries = before }, new { entries = library.Count, imported = result.Imported, unchanged = result.Unchanged, warnings }, ct);
        return AlertEndpoints.Json(new ImportResponse(result.Imported, result.Unchanged, warnings));
    }
}
