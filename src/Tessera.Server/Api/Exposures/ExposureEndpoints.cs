using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Core.Exposures;
using Tessera.Core.Security;
using Tessera.Core.Storage;
using Tessera.Server.Jobs;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Exposures;

/// <summary>
/// Exposures (CTEM): import vulnerabilities/misconfigurations, map them to techniques, and the two queues. Writes need
/// <see cref="Permission.ChangeAssociations"/> (linking things to techniques), reads <see cref="Permission.Read"/>.
/// </summary>
public static class ExposureEndpoints
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Registers <see cref="ExposureService"/>, the acceptance expiry job and the demo seeder.</summary>
    public static IServiceCollection AddTesseraExposures(this IServiceCollection services) =>
        services.AddSingleton<ExposureService>().AddSingleton<Demo.IDemoSeeder, Demo.ExposuresDemoSeeder>()
            .AddSingleton<AcceptanceExpiryNotifier>().AddTesseraJob<AcceptanceExpiryJob>(AcceptanceExpiryJob.Name, AcceptanceExpiryJob.Interval);

    public static IEndpointRouteBuilder MapExposureEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/exposures").WithTags("Exposures").Require(Permission.Read);
        read.MapGet("/", ListAsync).WithSummary("List exposures (filter by status, acceptance, asset, CVE)");
        read.MapGet("/queue", QueueAsync).WithSummary("Open exposures, highest priority first (missing coverage raises it)");
        read.MapGet("/gaps", GapsAsync).WithSummary("Techniques without validated coverage, ranked by the open exposures that map to them");
        read.MapGet("/cve-mappings", CveMappingsAsync).WithSummary("Techniques mapped by hand to every exposure with a CVE");
        read.MapGet("/settings", async (ExposureService exposures, CancellationToken ct) => TypedResults.Ok(await exposures.SettingsAsync(ct)))
            .WithSummary("Read the team's exposure settings (the ending-soon window of risk acceptances)");
        read.MapGet("/{id:guid}", GetAsync).WithSummary("Get an exposure with its techniques and their coverage");
        var write = app.MapGroup("/api/v1/exposures").WithTags("Exposures").Require(Permission.ChangeAssociations);
        write.MapPut("/settings", SaveSettingsAsync).WithSummary("Replace the team's exposure settings (audited when changed; 400 naming the field when out of range or unknown)");
        write.MapPost("/import", ImportAsync).WithSummary("Import vulnerabilities (all or nothing); CVEs gain techniques from CTID KEV mappings");
        write.MapPost("/cve-mappings", AddCveMappingAsync).WithSummary("Map a technique to every exposure with a CVE, on any asset (idempotent)");
        write.MapDelete("/cve-mappings/{cve}/{technique}", RemoveCveMappingAsync).WithSummary("Remove a CVE-wide technique mapping");
        write.MapPost("/{id:guid}/techniques", AddTechniqueAsync).WithSummary("Tag an exposure with a technique");
        write.MapPost("/{id:guid}/status", SetStatusAsync).WithSummary("Resolve, accept (until a day) or reopen an exposure");
        write.MapDelete("/{id:guid}/techniques/{technique}", RemoveTechniqueAsync).WithSummary("Remove a technique from an exposure");
        write.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete an exposure");
        return app;
    }

    /// <summary>
    /// Filtered, paged exposures in queue order (highest priority first). <c>acceptance=ending-soon</c> lists running acceptances
    /// ending within <c>within</c> days (1 to 90; default the team's window, <c>GET /settings</c>), <c>acceptance=expired</c> the
    /// expired ones (counted as open).
    /// </summary>
    private static async Task<Results<Ok<ExposurePage>, ProblemHttpResult>> ListAsync(
        ExposureService exposures, CancellationToken ct, string? cve = null, string? asset = null, ExposureSeverity? severity = null,
        string? technique = null, string? state = null, string? status = null, string? acceptance = null, int? within = null,
        int page = 1, int pageSize = DefaultPageSize)
    {
        ExposureAcceptanceFilter? acceptanceFilter = null;
        if (acceptance is not null)
        {
            if (!AcceptanceReminder.TryParse(acceptance, out var parsedAcceptance))
            {
                return Invalid($"acceptance: '{acceptance}' is not an acceptance filter (ending-soon or expired).");
            }

            acceptanceFilter = parsedAcceptance;
        }

        if (within is { } days)
        {
            if (acceptanceFilter != ExposureAcceptanceFilter.EndingSoon)
            {
                return Invalid("within: only acceptance=ending-soon takes a window of days.");
            }

            if (AcceptanceReminder.ValidateWindow(days) is { } problem)
            {
                return Invalid(problem);
            }
        }

        ExposureStatus? lifecycle = null;
        if (status is not null)
        {
            if (!ExposureStatusRules.TryParse(status, out var parsed))
            {
                return Invalid($"status: '{status}' is not a status (open, resolved or accepted).");
            }

            lifecycle = parsed;
        }

        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            return Problems.BadRequest($"page must be at least 1 and pageSize between 1 and {MaxPageSize}.");
        }

        if (state is not null && state.Trim().ToLowerInvariant() is not ("validated" or "rule" or "failing" or "nodata" or "gap"))
        {
            return Problems.BadRequest($"'{state}' is not a coverage state (validated, rule, failing, nodata, gap).");
        }

        // As the incident and rule lists answer: a filter that can match nothing is a mistake, not an empty page.
        if (!string.IsNullOrWhiteSpace(technique) && !TechniqueId.TryParse(technique.Trim(), out _))
        {
            return Invalid($"technique: '{technique}' is not a technique ID (T1059 or T1059.001).");
        }

        var board = await exposures.BoardAsync(ct);
        var filter = new ExposureFilter
        {
            Cve = cve, Asset = asset, Severity = severity, Technique = technique, State = state, Status = lifecycle,
            Acceptance = acceptanceFilter, WithinDays = within ?? board.AcceptanceWindowDays,
        };
        var matching = board.Exposures.Where(filter.Matches).ToList();
        return TypedResults.Ok(new ExposurePage(matching.Count, page, pageSize, matching.Skip((page - 1) * pageSize).Take(pageSize).ToList()));
    }

    private static async Task<Ok<QueueView<ExposureView>>> QueueAsync(ExposureService exposures, CancellationToken ct, int limit = DefaultPageSize)
    {
        var board = await exposures.BoardAsync(ct);
        var queue = board.Queue.ToList();
        return TypedResults.Ok(new QueueView<ExposureView>(ExposurePriority.ExposureFormula, board.Collection, queue.Count,
            queue.Take(Math.Clamp(limit, 1, MaxPageSize)).ToList()));
    }

    private static async Task<Ok<QueueView<GapView>>> GapsAsync(ExposureService exposures, CancellationToken ct, int limit = DefaultPageSize)
    {
        var board = await exposures.BoardAsync(ct);
        return TypedResults.Ok(new QueueView<GapView>(ExposurePriority.GapFormula, board.Collection, board.Gaps.Count,
            board.Gaps.Take(Math.Clamp(limit, 1, MaxPageSize)).ToList()));
    }

    private static async Task<Results<Ok<ExposureView>, ProblemHttpResult>> GetAsync(Guid id, ExposureService exposures, CancellationToken ct) =>
        await ViewAsync(exposures, id, ct) is { } view ? TypedResults.Ok(view) : Problems.NotFound($"No exposure {id}.");

    /// <summary>
    /// Imports a CSV or JSON body (format from <c>?format=</c>, else the content type, else the first character). Any
    /// invalid line rejects the whole file: 400 with an <c>errors</c> list of { file, line, field, message }.
    /// </summary>
    private static async Task<Results<Ok<ExposureImportView>, ProblemHttpResult>> ImportAsync(
        HttpContext ctx, ExposureService exposures, CancellationToken ct, string? format = null, string? name = null)
    {
        if (format is not null && format.Trim().ToLowerInvariant() is not ("csv" or "json"))
        {
            return Problems.BadRequest($"'{format}' is not an import format (csv or json).");
        }

        // Kestrel already stops bodies over TesseraWebApp.MaxRequestBodyBytes (the importer's cap too); the importer checks again.
        using var buffer = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(buffer, ct);

        var content = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        var json = format?.Trim().ToLowerInvariant() == "json"
                   || (format is null && (ctx.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true || LooksLikeJson(content.Span)));
        var file = string.IsNullOrWhiteSpace(name) ? (json ? "import.json" : "import.csv") : name.Trim();
        var (parsed, stored) = await exposures.ImportAsync(ctx.User, content, json, file, ct);
        if (stored is null)
        {
            return Problems.BadRequest($"{parsed.Errors.Count} error(s) in {file}; nothing was imported.", new Dictionary<string, object?>
            {
                ["errors"] = parsed.Errors.Select(ExposureImportErrorView.Of).ToList(),
                ["rowsRead"] = parsed.RowsRead,
            });
        }

        return TypedResults.Ok(new ExposureImportView(
            parsed.RowsRead, stored.Added, stored.Updated, stored.Unchanged, stored.Reopened, stored.StoredAfter, parsed.IgnoredFields));
    }

    private static async Task<Results<Ok<ExposureView>, ProblemHttpResult>> AddTechniqueAsync(
        Guid id, ExposureTechniqueRequest request, ExposureService exposures, HttpContext ctx, CancellationToken ct)
    {
        var result = await exposures.AddTechniqueAsync(ctx.User, id, request.Technique, ct);
        return await AnswerAsync(exposures, result, ct);
    }

    private static async Task<Results<Ok<ExposureView>, ProblemHttpResult>> RemoveTechniqueAsync(
        Guid id, string technique, ExposureService exposures, HttpContext ctx, CancellationToken ct)
    {
        var result = await exposures.RemoveTechniqueAsync(ctx.User, id, technique, ct);
        return await AnswerAsync(exposures, result, ct);
    }

    private static async Task<Ok<IReadOnlyList<CveMappingView>>> CveMappingsAsync(ExposureService exposures, CancellationToken ct) =>
        TypedResults.Ok(await exposures.CveMappingsAsync(ct));

    /// <summary>
    /// 200 with <c>added</c> true for a new mapping, false when it existed (nothing changed); the mapping says how many exposures
    /// it applies to. 400 naming the field (<c>cve</c>, <c>technique</c>).
    /// </summary>
    private static async Task<Results<Ok<CveMappingAddedView>, ProblemHttpResult>> AddCveMappingAsync(
        CveMappingRequest request, ExposureService exposures, HttpContext ctx, CancellationToken ct)
    {
        var outcome = await exposures.AddCveMappingAsync(ctx.User, request.Cve, request.Technique, ct);
        return outcome.Mapping is { } mapping ? TypedResults.Ok(new CveMappingAddedView(outcome.Changed, mapping)) : CveMappingProblem(outcome);
    }

    /// <summary>200 with the removed mapping (and the exposures it applied to); 404 when there is no such mapping, 400 naming a malformed field.</summary>
    private static async Task<Results<Ok<CveMappingView>, ProblemHttpResult>> RemoveCveMappingAsync(
        string cve, string technique, ExposureService exposures, HttpContext ctx, CancellationToken ct)
    {
        var outcome = await exposures.RemoveCveMappingAsync(ctx.User, cve, technique, ct);
        return outcome.Mapping is { } mapping ? TypedResults.Ok(mapping) : CveMappingProblem(outcome);
    }

    private static ProblemHttpResult CveMappingProblem(CveMappingOutcome outcome) => outcome.NotFound is { } missing
        ? Problems.NotFound(missing)
        : Problems.Invalid(string.Join(" ", outcome.Errors), outcome.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));

    /// <summary>
    /// Open, resolve or accept an exposure: 400 naming the field (<c>status</c>, <c>reason</c> or <c>acceptedUntil</c>), 404 for an
    /// unknown ID, 409 when <c>expectedStatusVersion</c> (the <c>statusVersion</c> the caller read) is stale.
    /// </summary>
    private static async Task<Results<Ok<ExposureView>, ProblemHttpResult>> SetStatusAsync(
        Guid id, ExposureStatusRequest request, ExposureService exposures, HttpContext ctx, CancellationToken ct)
    {
        var result = await exposures.SetStatusAsync(ctx.User, id, request.Status, request.Reason, request.AcceptedUntil, ct, request.ExpectedStatusVersion);
        if (result.Status == SaveStatus.Invalid)
        {
            return Invalid(result.Message!);
        }

        return await AnswerAsync(exposures, result, ct);
    }

    private static async Task<Results<Ok<ExposureSettings>, ProblemHttpResult>> SaveSettingsAsync(
        ExposureSettings request, ExposureService exposures, HttpContext ctx, CancellationToken ct) =>
        await exposures.SaveSettingsAsync(ctx.User, request, ct) is [var problem, ..] ? Invalid(problem) : TypedResults.Ok(request);

    // Lifecycle messages start with their field ("reason: …"): a 400 with that field in the errors map.
    private static ProblemHttpResult Invalid(string message) => Problems.InvalidField(message);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, ExposureService exposures, HttpContext ctx, CancellationToken ct)
    {
        var result = await exposures.DeleteAsync(ctx.User, id, ct);
        return result.IsSaved ? TypedResults.NoContent() : Problems.From(result);
    }

    /// <summary>
    /// A write's answer: 200 with the exposure as the write saved it, else its problem. Not read again by ID: an exposure
    /// deleted between the write and the answer made that read miss and the saved result reach <see cref="Problems.From"/>
    /// (a 500), after the write had landed and been audited. The audit entry is right because the client is told the write
    /// happened (its view shows it); a later GET answers 404.
    /// </summary>
    private static async Task<Results<Ok<ExposureView>, ProblemHttpResult>> AnswerAsync(
        ExposureService exposures, SaveResult<StoredExposure> result, CancellationToken ct) =>
        result.IsSaved ? TypedResults.Ok(await exposures.ViewAsync(result.Value!, ct)) : Problems.From(result);

    private static async Task<ExposureView?> ViewAsync(ExposureService exposures, Guid id, CancellationToken ct) =>
        (await exposures.BoardAsync(ct)).Exposures.FirstOrDefault(e => e.Id == id);

    private static bool LooksLikeJson(ReadOnlySpan<byte> utf8)
    {
        var text = utf8.StartsWith("\uFEFF"u8) ? utf8[3..] : utf8;
        var start = text.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && text[start] is (byte)'[' or (byte)'{';
    }
}
