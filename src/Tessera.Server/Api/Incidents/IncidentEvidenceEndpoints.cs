using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Alerts.Ingest;
using Tessera.Core.Incidents;
using Tessera.Core.Security;
using Tessera.Server.Alerts;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Incidents;

/// <summary>Observables, threat lookups and SIEM alerts of an incident; writes are locked on closed incidents.</summary>
internal static class IncidentEvidenceEndpoints
{
    public static void MapIncidentEvidenceEndpoints(this RouteGroupBuilder incidents)
    {
        incidents.MapGet("/{id:long}/observables", async (long id, IIncidentStore store, CancellationToken ct) => TypedResults.Ok(await store.ObservablesAsync(id, ct))).WithSummary("List an incident's observables");
        incidents.MapGet("/{id:long}/lookups", async (long id, IIncidentStore store, CancellationToken ct) => TypedResults.Ok(await store.LookupsAsync(id, ct))).WithSummary("List an incident's threat-lookup results");
        incidents.MapGet("/{id:long}/alerts", async (long id, IIncidentStore store, CancellationToken ct) => TypedResults.Ok(await store.AlertsAsync(id, ct))).WithSummary("List the alerts attached to an incident");

        incidents.MapPost("/{id:long}/observables", (long id, ObservableRequest r, IncidentService s, AuditWriter a, HttpContext c, CancellationToken ct) =>
            AddAsync("observable", id, s.AddObservableAsync(new NewObservable(id, r.Kind, r.Value ?? ""), ct), a, c, ct)).WithSummary("Add an observable to an incident").Require(Permission.ChangeIncidents);
        incidents.MapPost("/{id:long}/lookups", (long id, LookupRequest r, IncidentService s, AuditWriter a, HttpContext c, CancellationToken ct) =>
            AddAsync("lookup", id, s.AddLookupAsync(new NewThreatLookup
            {
                IncidentId = id, ObservableId = r.ObservableId, Provider = r.Provider ?? "", Verdict = r.Verdict ?? "",
                Techniques = r.Techniques ?? [], SourceKey = r.Source,
            }, ct), a, c, ct)).WithSummary("Add a threat-lookup result to an incident").Require(Permission.ChangeIncidents);
        incidents.MapPost("/{id:long}/alerts", AttachAlertsAsync).WithSummary("Attach stored alerts to an incident").Require(Permission.ChangeIncidents);

        incidents.MapDelete("/{id:long}/observables/{itemId:long}", (long id, long itemId, IncidentService s, AuditWriter a, HttpContext c, CancellationToken ct) =>
            RemoveAsync("observable", id, itemId, s.RemoveObservableAsync(id, itemId, ct), a, c, ct)).WithSummary("Remove an observable from an incident").Require(Permission.ChangeIncidents);
        incidents.MapDelete("/{id:long}/lookups/{itemId:long}", (long id, long itemId, IncidentService s, AuditWriter a, HttpContext c, CancellationToken ct) =>
            RemoveAsync("lookup", id, itemId, s.RemoveLookupAsync(id, itemId, ct), a, c, ct)).WithSummary("Remove a threat-lookup result from an incident").Require(Permission.ChangeIncidents);
        incidents.MapDelete("/{id:long}/alerts/{itemId:long}", async Task<Results<NoContent, ProblemHttpResult>> (
                long id, long itemId, IncidentAlertAttacher attacher, HttpContext c, CancellationToken ct) =>
            await attacher.DetachAsync(id, itemId, c.User, ct) is { IsOk: false } failed ? IncidentApi.Problem(failed) : TypedResults.NoContent()).WithSummary("Detach an alert from an incident")
            .Require(Permission.ChangeIncidents);
    }

    private static async Task<Results<Created<AttachAlertsView>, ProblemHttpResult>> AttachAlertsAsync(long id, AttachAlertsRequest request,
        IncidentAlertAttacher attacher, HttpContext ctx, CancellationToken ct)
    {
        var alertIds = request.AlertIds ?? [];
        var elements = request.Alerts ?? [];
        if (alertIds.Count + elements.Count > IncidentAlertAttacher.MaxPerCall)
        {
            return IncidentApi.Invalid($"At most {IncidentAlertAttacher.MaxPerCall} alerts per call; nothing was attached.",
                [new IncidentError("too-many", $"At most {IncidentAlertAttacher.MaxPerCall} alerts per call.", "alertIds")]);
        }

        var raw = new List<AlertInput>();
        var errors = new List<IncidentError>();
        for (var i = 0; i < elements.Count; i++)
        {
            var parsed = AlertParser.Parse(elements[i], i + 1, "alerts");
            if (parsed.Alert is { } alert)
            {
                raw.Add(new AlertInput(i + 1, alert, elements[i].GetRawText(), parsed.Notices));
            }
            else
            {
                errors.Add(new IncidentError("unreadable-alert", parsed.Error?.Message ?? "Not an alert.", $"alerts[{i}]"));
            }
        }

        if (errors.Count > 0)
        {
            return IncidentApi.Invalid($"{errors.Count} alert(s) could not be read; nothing was attached.", errors);
        }

        var result = await attacher.AttachAsync(id, alertIds, raw, ctx.User, ct);
        return result.IsOk
            ? TypedResults.Created($"/api/v1/incidents/{id}/alerts", new AttachAlertsView(result.Value!))
            : IncidentApi.Problem(result);
    }

    private static async Task<Results<Created<T>, ProblemHttpResult>> AddAsync<T>(string kind, long id, Task<IncidentResult<T>> write,
        AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        var result = await write;
        if (!result.IsOk)
        {
            return IncidentApi.Problem(result);
        }

        await audit.WriteAsync(ctx.User, $"incident.{kind}.add", "incident", id.ToString(CultureInfo.InvariantCulture), null, result.Value, ct);
        await IncidentApi.AuditRollupsAsync(audit, ctx.User, result.Rollups, ct);
        return TypedResults.Created($"/api/v1/incidents/{id}/{kind}s", result.Value);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string kind, long id, long itemId, Task<IncidentResult<bool>> write,
        AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        var result = await write;
        if (!result.IsOk)
        {
            return IncidentApi.Problem(result);
        }

        await audit.WriteAsync(ctx.User, $"incident.{kind}.remove", "incident", id.ToString(CultureInfo.InvariantCulture),
            new { kind, id = itemId }, null, ct);
        await IncidentApi.AuditRollupsAsync(audit, ctx.User, result.Rollups, ct);
        return TypedResults.NoContent();
    }
}
