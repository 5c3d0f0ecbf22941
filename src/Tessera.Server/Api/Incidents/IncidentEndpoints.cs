using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Attack;
using Tessera.Core.Incidents;
using Tessera.Core.Security;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Incidents;

/// <summary>
/// Incidents under <c>/api/v1/incidents</c>: read with Read, change fields and evidence with ChangeIncidents,
/// change ATT&amp;CK associations with ChangeAssociations (analysts and admins). Every write is audited.
/// </summary>
public static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder app)
    {
        var incidents = app.MapGroup("/api/v1/incidents").WithTags("Incidents").Require(Permission.Read);
        incidents.MapGet("/", ListAsync).WithSummary("List incidents (filter by state, severity, title)");
        incidents.MapPost("/", CreateAsync).WithSummary("Create an incident").Require(Permission.ChangeIncidents);
        incidents.MapGet("/{id:long}", GetAsync).WithSummary("Get an incident");
        incidents.MapPut("/{id:long}", UpdateAsync).WithSummary("Update an incident").Require(Permission.ChangeIncidents);
        incidents.MapGet("/{id:long}/children", ChildrenAsync).WithSummary("List an incident's child incidents");
        incidents.MapIncidentEvidenceEndpoints();
        incidents.MapIncidentAssociationEndpoints();
        incidents.MapIncidentInsightEndpoints();
        return app;
    }

    private static async Task<Results<Ok<IncidentPageView>, ProblemHttpResult>> ListAsync(IIncidentStore store,
        [FromQuery] IncidentState[]? state, [FromQuery] IncidentSeverity[]? severity, string? assignee, string? q, string? technique,
        long? parent, DateTimeOffset? from, DateTimeOffset? to, int? skip, int? take, HttpContext ctx, CancellationToken ct)
    {
        if (take is < 1 or > IncidentQuery.MaxTake || skip < 0)
        {
            return Problems.BadRequest($"take must be 1..{IncidentQuery.MaxTake} and skip ≥ 0.");
        }

        (to, var periodProblem) = QueryPeriod.Read(ctx.Request, from, to);
        if (periodProblem is not null)
        {
            return periodProblem;
        }

        TechniqueId? techniqueId = null;
        if (!string.IsNullOrWhiteSpace(technique))
        {
            if (!TechniqueId.TryParse(technique.Trim(), out var parsed))
            {
                return Problems.BadRequest($"technique '{technique}' is not a technique ID (T1234 or T1234.567).");
            }

            techniqueId = parsed;
        }

        // A parent technique finds its sub-techniques too (T1003 lists incidents tagged T1003.001), as the enrichment lookup does.
        var query = new IncidentQuery
        {
            States = state ?? [], Severities = severity ?? [], Assignee = assignee, Text = q, ParentId = parent,
            From = from, To = to, Skip = skip ?? 0, Take = take ?? 50,
        };
        query = techniqueId is { } wanted ? query.WithTechnique(wanted) : query;
        var page = await store.ListAsync(query, ct);
        return TypedResults.Ok(new IncidentPageView(page.Items.Select(IncidentView.Of).ToList(), page.Total, query.Skip, query.Take));
    }

    private static async Task<Results<Created<IncidentView>, ProblemHttpResult>> CreateAsync(CreateIncidentRequest request,
        IncidentService incidents, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        var result = await incidents.CreateAsync(new NewIncident
        {
            Title = request.Title ?? "", Description = request.Description ?? "", Severity = request.Severity ?? IncidentSeverity.Medium,
            State = request.State ?? IncidentState.New, Assignee = request.Assignee, ParentId = request.ParentId,
        }, ct);
        if (!result.IsOk)
        {
            return IncidentApi.Problem(result);
        }

        var view = IncidentView.Of(result.Value!);
        await audit.WriteAsync(ctx.User, "incident.create", "incident", view.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, view, ct);
        await IncidentApi.AuditRollupsAsync(audit, ctx.User, result.Rollups, ct);
        return TypedResults.Created($"/api/v1/incidents/{view.Id}", view);
    }

    private static async Task<Results<Ok<IncidentView>, ProblemHttpResult>> GetAsync(long id, IIncidentStore store, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } incident
            ? TypedResults.Ok(IncidentView.Of(incident))
            : Problems.NotFound(Incident.Missing(id));

    private static async Task<Ok<List<IncidentView>>> ChildrenAsync(long id, IIncidentStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ChildrenAsync(id, ct)).Select(IncidentView.Of).ToList());

    private static async Task<Results<Ok<IncidentView>, ProblemHttpResult>> UpdateAsync(long id, UpdateIncidentRequest request,
        IncidentService incidents, IIncidentStore store, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        if (request.Version is not { } version)
        {
            return Problems.VersionRequired();
        }

        var before = await store.FindAsync(id, ct);
        var result = await incidents.UpdateAsync(new IncidentUpdate
        {
            Id = id, Version = version, Title = request.Title ?? "", Description = request.Description ?? "",
            Severity = request.Severity, State = request.State, Assignee = request.Assignee, ParentId = request.ParentId,
        }, ct);
        if (!result.IsOk)
        {
            return IncidentApi.Problem(result);
        }

        var view = IncidentView.Of(result.Value!);
        await audit.WriteAsync(ctx.User, "incident.update", "incident", view.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            before is null ? null : IncidentView.Of(before), view, ct);
        await IncidentApi.AuditRollupsAsync(audit, ctx.User, result.Rollups, ct);
        return TypedResults.Ok(view);
    }
}
