using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Incidents;
using Tessera.Core.Security;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Incidents;

/// <summary>ATT&amp;CK associations: read, add (one incident or bulk), remove at three levels, roll up by hand, roll-up settings.</summary>
internal static class IncidentAssociationEndpoints
{
    /// <summary>Bulk calls are for integrations syncing a batch; larger batches are split by the caller.</summary>
    public const int MaxBulkItems = 500;

    public static void MapIncidentAssociationEndpoints(this RouteGroupBuilder incidents)
    {
        incidents.MapGet("/{id:long}/associations", ReadAsync).WithSummary("An incident's ATT&CK associations with their origins");
        incidents.MapPost("/{id:long}/associations", AssociateAsync).WithSummary("Associate sources, tactics or techniques with an incident").Require(Permission.ChangeAssociations);
        incidents.MapDelete("/{id:long}/associations", RemoveAsync).WithSummary("Remove associations from an incident").Require(Permission.ChangeAssociations);
        incidents.MapPost("/associations/bulk", BulkAsync).WithSummary("Associate techniques with several incidents at once").Require(Permission.ChangeAssociations);
        incidents.MapPost("/{id:long}/rollups", RollUpAsync).WithSummary("Roll up techniques from observables, lookups, alerts and child incidents").Require(Permission.ChangeAssociations);
        incidents.MapGet("/settings/rollup", async (IRollupSettingsSource s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(ct))).WithSummary("Read the roll-up settings");
        incidents.MapPut("/settings/rollup", SetSettingsAsync).WithSummary("Replace the roll-up settings (send every field: an omitted or unknown one is a 400)").Require(Permission.ManageSettings);
    }

    private static async Task<Results<Ok<AssociationsView>, ProblemHttpResult>> ReadAsync(long id, IIncidentStore store, IncidentCardReader cards, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } incident
            ? TypedResults.Ok(new AssociationsView(IncidentView.Of(incident), (await cards.RowsAsync(id, ct)).Select(CardRowView.Of).ToList()))
            : Problems.NotFound(Incident.Missing(id));

    private static async Task<Results<Ok<AssociationsView>, ProblemHttpResult>> AssociateAsync(long id, AssociateRequest request,
        IncidentService incidents, IncidentCardReader cards, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        var before = await cards.RowsAsync(id, ct);
        var result = await incidents.AssociateAsync(id, request.ExpectedVersion,
            (request.Associations ?? []).Select(a => a.ToCore()).ToList(), IncidentApi.Actor(ctx.User), ct);
        return await FinishAsync("incident.associations.add", id, before, result, cards, audit, ctx, ct);
    }

    private static async Task<Results<Ok<AssociationsView>, ProblemHttpResult>> RemoveAsync(long id, string? source, string? tactic, string? technique,
        long? expectedVersion, IncidentService incidents, IncidentCardReader cards, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(source) || expectedVersion is null || (technique is not null && tactic is null))
        {
            return Problems.BadRequest("Give source and expectedVersion, and tactic (to remove one tactic) plus technique (to remove one technique).");
        }

        var before = await cards.RowsAsync(id, ct);
        var result = await incidents.RemoveAsync(id, expectedVersion.Value, new AssociationRemoval(source, tactic, technique), IncidentApi.Actor(ctx.User), ct);
        return await FinishAsync("incident.associations.remove", id, before, result, cards, audit, ctx, ct);
    }

    private static async Task<Results<Ok<BulkAssociateResult>, ProblemHttpResult>> BulkAsync(BulkAssociateRequest request,
        IncidentService incidents, IIncidentStore store, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        var items = request.Items ?? [];
        if (items.Count is 0 or > MaxBulkItems)
        {
            return Problems.BadRequest($"Send 1..{MaxBulkItems} items.");
        }

        // Validate everything before writing anything, so bad input never leaves a batch half applied.
        var errors = new List<IncidentError>();
        for (var i = 0; i < items.Count; i++)
        {
            if (await store.FindAsync(items[i].IncidentId, ct) is null)
            {
                errors.Add(new IncidentError("unknown-incident", Incident.Missing(items[i].IncidentId), $"items[{i}].incidentId"));
            }

            var (_, problems) = await incidents.ValidateAsync((items[i].Associations ?? []).Select(a => a.ToCore()).ToList(), ct);
            errors.AddRange(problems.Select(e => e with { Field = $"items[{i}].{e.Field}" }));
        }

        if (errors.Count > 0)
        {
            return IncidentApi.Invalid($"{errors.Count} problem{(errors.Count == 1 ? "" : "s")} in the batch; nothing was saved.", errors);
        }

        var saved = new List<IncidentView>();
        foreach (var item in items)
        {
            var result = await incidents.AssociateAsync(item.IncidentId, item.ExpectedVersion,
                (item.Associations ?? []).Select(a => a.ToCore()).ToList(), IncidentApi.Actor(ctx.User), ct);
            if (!result.IsOk)
            {
                // Only a version conflict can fail here (input was validated); earlier items stay saved and are named.
                return Problems.Conflict($"{result.Message} Saved before it: {string.Join(", ", saved.Select(s => s.Number))}.",
                    result.Current is null ? null : IncidentView.Of(result.Current));
            }

            saved.Add(IncidentView.Of(result.Value!));
            await audit.WriteAsync(ctx.User, "incident.associations.add", "incident", item.IncidentId.ToString(CultureInfo.InvariantCulture),
                null, item.Associations, ct);
            await IncidentApi.AuditRollupsAsync(audit, ctx.User, result.Rollups, ct);
        }

        return TypedResults.Ok(new BulkAssociateResult(saved));
    }

    private static async Task<Results<Ok<AssociationsView>, ProblemHttpResult>> RollUpAsync(long id, RollupRequest request,
        IncidentService incidents, IncidentCardReader cards, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        if (!AssociationOrigin.TryParse(request.Origin, out var origin) || !origin.IsDerived)
        {
            return Problems.BadRequest($"'{request.Origin}' is not a derived origin (lookup:ID, observable:ID, child:ID or alert:RULE).");
        }

        var before = await cards.RowsAsync(id, ct);
        var result = await incidents.RollUpAsync(id, origin, request.RolledUp, ct);
        return await FinishAsync(request.RolledUp ? "incident.rollup.pin" : "incident.rollup.unpin", id, before, result, cards, audit, ctx, ct);
    }

    private static async Task<Ok<RollupSettings>> SetSettingsAsync(RollupSettingsRequest request, IncidentService incidents,
        IRollupSettingsSource current, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        var settings = request.ToCore();
        var before = await current.GetAsync(ct);
        var changes = await incidents.SetRollupSettingsAsync(settings, ct);
        await audit.WriteChangeAsync(ctx.User, "incident.rollup.settings", "setting", RollupSettings.SettingKey, before, settings, ct);
        await IncidentApi.AuditRollupsAsync(audit, ctx.User, changes, ct);
        return TypedResults.Ok(settings);
    }

    private static async Task<Results<Ok<AssociationsView>, ProblemHttpResult>> FinishAsync(string action, long id, IReadOnlyList<CardTechnique> before,
        IncidentResult<Incident> result, IncidentCardReader cards, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        if (!result.IsOk)
        {
            return IncidentApi.Problem(result);
        }

        var after = await cards.RowsAsync(id, ct);
        var (beforeRows, afterRows) = (before.Select(CardRowView.Of).ToList(), after.Select(CardRowView.Of).ToList());
        // Adding what is already there, or removing what is not, changes nothing and is not an event.
        if (JsonSerializer.Serialize(beforeRows) != JsonSerializer.Serialize(afterRows))
        {
            await audit.WriteAsync(ctx.User, action, "incident", id.ToString(CultureInfo.InvariantCulture), beforeRows, afterRows, ct);
        }

        await IncidentApi.AuditRollupsAsync(audit, ctx.User, result.Rollups, ct);
        return TypedResults.Ok(new AssociationsView(IncidentView.Of(result.Value!), after.Select(CardRowView.Of).ToList()));
    }
}
