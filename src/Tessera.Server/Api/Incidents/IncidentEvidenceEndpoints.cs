using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Incidents;
using Tessera.Core.Security;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Incidents;

/// <summary>Observables, threat lookups and SIEM alerts of an incident; writes are locked on closed incidents.</summary>
internal static class IncidentEvidenceEndpoints
{
    public static void MapIncidentEvidenceEndpoints(this RouteGroupBuilder incidents)
    {
        incidents.MapGet("/{id:long}/observables", async (long id, IIncidentStore store, CancellationToken ct) => TypedResults.Ok(await store.ObservablesAsync(id, ct)));
        incidents.MapGet("/{id:long}/lookups", async (long id, IIncidentStore store, CancellationToken ct) => TypedResults.Ok(await store.LookupsAsync(id, ct)));
        incidents.MapGet("/{id:long}/alerts", async (long id, IIncidentStore store, CancellationToken ct) => TypedResults.Ok(await store.AlertsAsync(id, ct)));

        incidents.MapPost("/{id:long}/observables", (long id, ObservableRequest r, IncidentService s, AuditWriter a, HttpContext c, CancellationToken ct) =>
            AddAsync("observable", id, s.AddObservableAsync(new NewObservable(id, r.Kind, r.Value ?? ""), ct), a, c, ct)).Require(Permission.ChangeIncidents);
        incidents.MapPost("/{id:long}/lookups", (long id, LookupRequest r, IncidentService s, AuditWriter a, HttpContext c, CancellationToken ct) =>
            AddAsync("lookup", id, s.AddLookupAsync(new NewThreatLookup
            {
                IncidentId = id, ObservableId = r.ObservableId, Provider = r.Provider ?? "", Verdict = r.Verdict ?? "",
                Techniques = r.Techniques ?? [], SourceKey = r.Source,
            }, ct), a, c, ct)).Require(Permission.ChangeIncidents);
        incidents.MapPost("/{id:long}/alerts", (long id, AlertRequest r, IncidentService s, AuditWriter a, HttpContext c, CancellationToken ct) =>
            AddAsync("alert", id, s.AttachAlertAsync(new NewIncidentAlert
            {
                IncidentId = id, AlertId = r.AlertId ?? "", Title = r.Title ?? "", Source = r.Source ?? "", Rule = r.Rule ?? "",
                Techniques = r.Techniques ?? [], SourceKey = r.AttackSource,
            }, IncidentApi.Actor(c.User), ct), a, c, ct)).Require(Permission.ChangeIncidents);

        incidents.MapDelete("/{id:long}/observables/{itemId:long}", (long id, long itemId, IncidentService s, AuditWriter a, HttpContext c, CancellationToken ct) =>
            RemoveAsync("observable", id, itemId, s.RemoveObservableAsync(id, itemId, ct), a, c, ct)).Require(Permission.ChangeIncidents);
        incidents.MapDelete("/{id:long}/lookups/{itemId:long}", (long id, long itemId, IncidentService s, AuditWriter a, HttpContext c, CancellationToken ct) =>
            RemoveAsync("lookup", id, itemId, s.RemoveLookupAsync(id, itemId, ct), a, c, ct)).Require(Permission.ChangeIncidents);
        incidents.MapDelete("/{id:long}/alerts/{itemId:long}", (long id, long itemId, IncidentService s, AuditWriter a, HttpContext c, CancellationToken ct) =>
            RemoveAsync("alert", id, itemId, s.DetachAlertAsync(id, itemId, ct), a, c, ct)).Require(Permission.ChangeIncidents);
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
