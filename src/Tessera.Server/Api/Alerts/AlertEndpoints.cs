using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Triage;
using Tessera.Core.Security;
using Tessera.Server.Alerts;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Alerts;

/// <summary>
/// Alert mapping (stateless), ingest + triage (stored) and the alert library. Answers use the mapping wire format
/// (<see cref="AlertMappingJson.Options"/>: camelCase names and enum values) so API and CLI records match.
/// </summary>
public static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/v1/alerts").WithTags("Alerts").Require(Permission.Read);
        alerts.MapPost("/map", MapOneAsync).WithSummary("Map one alert to techniques without storing it");
        alerts.MapPost("/map/batch", MapBatchAsync).WithSummary("Map a batch of alerts (JSON lines or array) without storing them");
        alerts.MapGet("/", ListAsync).WithSummary("List stored alerts, newest first");
        alerts.MapGet("/{id:long}", GetAsync).WithSummary("Get a stored alert with its raw document");
        alerts.MapPost("/", IngestAsync).WithSummary("Ingest alerts: parse, map and store").Require(Permission.ChangeAlerts);
        alerts.MapPost("/{id:long}/feedback", FeedbackAsync).WithSummary("Confirm, correct or reject an alert's techniques (the library learns)").Require(Permission.ChangeAlerts);
        AlertLibraryEndpoints.Map(app);
        return app;
    }

    internal static JsonHttpResult<T> Json<T>(T value, int status = StatusCodes.Status200OK) =>
        TypedResults.Json(value, AlertMappingJson.Options, statusCode: status);

    internal static ProblemHttpResult Problem(TriageError error) => error.Kind switch
    {
        TriageErrorKind.Forbidden => Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", error.Message),
        TriageErrorKind.NotFound => Problems.NotFound(error.Message),
        TriageErrorKind.Unavailable => Unavailable(error.Message),
        // The alert as it now stands, in the same wire format as GET alerts/{id} (camelCase enum values).
        TriageErrorKind.Conflict => Problems.Conflict(error.Message,
            error.Current is null ? null : System.Text.Json.JsonSerializer.SerializeToElement(AlertView.Of(error.Current), AlertMappingJson.Options)),
        _ => Problems.Invalid(error.Message, new Dictionary<string, string[]> { [error.Field] = [.. error.Values ?? [error.Message]] }),
    };

    internal static ProblemHttpResult Unavailable(string detail) =>
        Problems.Status(StatusCodes.Status503ServiceUnavailable, "Alert mapping unavailable", detail);

    private static int? TopOrNull(int? top) => top is null or (>= 1 and <= 50) ? top ?? AlertTriageService.Top : null;

    private static async Task<Results<JsonHttpResult<AlertMapping>, ProblemHttpResult>> MapOneAsync(
        HttpRequest request, AlertMappingService mapping, int? top, CancellationToken ct)
    {
        if (TopOrNull(top) is not { } k)
        {
            return Problems.BadRequest("top must be 1..50");
        }

        var body = await AlertRequestReader.ReadAsync(request, ct);
        if (body.Fatal is not null || body.Errors.Count > 0)
        {
            return Problems.BadRequest(body.Fatal ?? body.Errors[0].ToString());
        }

        if (body.Alerts.Count != 1)
        {
            return Problems.BadRequest($"expected one alert, got {body.Alerts.Count}; use /api/v1/alerts/map/batch for several");
        }

        var mapper = await mapping.GetMapperAsync(mapping.BuildWait, ct);
        return mapper is null ? Unavailable(mapping.Problem!) : Json(mapper.Map(body.Alerts[0].Alert, k));
    }

    private static async Task<Results<JsonHttpResult<MapBatchResponse>, ProblemHttpResult>> MapBatchAsync(
        HttpRequest request, AlertMappingService mapping, int? top, CancellationToken ct)
    {
        if (TopOrNull(top) is not { } k)
        {
            return Problems.BadRequest("top must be 1..50");
        }

        var body = await AlertRequestReader.ReadAsync(request, ct);
        if (body.Fatal is not null)
        {
            return Problems.BadRequest(body.Fatal);
        }

        var mapper = await mapping.GetMapperAsync(mapping.BuildWait, ct);
        if (mapper is null)
        {
            return Unavailable(mapping.Problem!);
        }

        var mapped = new MapBatchItem[body.Alerts.Count];
        // The mapper is thread-safe and CPU-bound: large batches use every core, small ones stay on this thread.
        if (mapped.Length >= 64)
        {
            Parallel.For(0, mapped.Length, new ParallelOptions { CancellationToken = ct },
                i => mapped[i] = new MapBatchItem(body.Alerts[i].Line, mapper.Map(body.Alerts[i].Alert, k)));
        }
        else
        {
            for (var i = 0; i < mapped.Length; i++)
            {
                mapped[i] = new MapBatchItem(body.Alerts[i].Line, mapper.Map(body.Alerts[i].Alert, k));
            }
        }

        var results = mapped.Concat(body.Errors.Select(e => new MapBatchItem(e.Line, Error: e.Message))).OrderBy(r => r.Line).ToList();
        return Json(new MapBatchResponse(mapped.Length, body.Errors.Count, results));
    }

    private static async Task<Results<JsonHttpResult<AlertPageView>, ProblemHttpResult>> ListAsync(
        IAlertRecordStore store, TriageState? state, string? source, string? q, int? skip, int? take, CancellationToken ct)
    {
        if (take is < 1 or > AlertRecordQuery.MaxTake || skip < 0)
        {
            return Problems.BadRequest($"take must be 1..{AlertRecordQuery.MaxTake} and skip ≥ 0");
        }

        // state takes one name (Hosting/EnumQueryParameters checked it before binding).
        var query = new AlertRecordQuery { State = state, Source = source, Text = q, Skip = skip ?? 0, Take = take ?? 50 };
        var page = await store.QueryAsync(query, ct);
        return Json(new AlertPageView(page.Total, query.Skip, query.Take, page.Items.Select(r => AlertView.Of(r)).ToList()));
    }

    private static async Task<Results<JsonHttpResult<AlertView>, ProblemHttpResult>> GetAsync(long id, IAlertRecordStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } record ? Json(AlertView.Of(record, withRaw: true)) : Problems.NotFound($"no alert {id}");

    private static async Task<Results<JsonHttpResult<IngestResponse>, ProblemHttpResult>> IngestAsync(
        HttpRequest request, AlertTriageService triage, CancellationToken ct)
    {
        var body = await AlertRequestReader.ReadAsync(request, ct);
        if (body.Fatal is not null)
        {
            return Problems.BadRequest(body.Fatal);
        }

        var errors = body.Errors.Select(e => new LineError(e.Line, e.Message)).ToList();
        if (body.Alerts.Count == 0)
        {
            return Problems.BadRequest(body.Errors.Count == 0
                    ? "The body holds no alert: send one alert object, an array of them, or JSON lines."
                    : $"no alert could be read: {string.Join("; ", body.Errors.Take(20))}",
                new Dictionary<string, object?> { ["lines"] = errors });
        }

        var outcome = await triage.IngestAsync(body.Alerts, body.Errors, request.HttpContext.User, ct);
        if (outcome.Error is not null)
        {
            return Problem(outcome.Error);
        }

        var report = outcome.Value!;
        var items = report.Stored.Select(s => new IngestItem(s.Line, s.Alert.Id, AlertMappingJson.Deserialize(s.Alert.MappingJson)!)).ToList();
        return Json(new IngestResponse(items.Count, errors.Count, items, errors, report.Notices), StatusCodes.Status201Created);
    }

    private static async Task<Results<JsonHttpResult<FeedbackResponse>, ProblemHttpResult>> FeedbackAsync(
        long id, FeedbackRequest request, AlertTriageService triage, HttpContext ctx, CancellationToken ct)
    {
        if (!Hosting.EnumNames.TryParse<FeedbackAction>(request.Action, out var action))
        {
            return Problems.Invalid($"action '{request.Action}' is not one of confirm, correct, reject",
                new Dictionary<string, string[]> { ["action"] = ["expected confirm, correct or reject"] });
        }

        var outcome = await triage.FeedbackAsync(id, new AlertFeedback(action, request.Techniques, request.Note, request.ExpectedVersion), ctx.User, ct);
        if (outcome.Error is not null)
        {
            return Problem(outcome.Error);
        }

        var r = outcome.Value!;
        return Json(new FeedbackResponse(AlertView.Of(r.Alert), action.ToString().ToLowerInvariant(), r.Techniques, r.UnknownTechniques,
            r.IncidentsUpdated, r.IncidentsClosed));
    }
}
