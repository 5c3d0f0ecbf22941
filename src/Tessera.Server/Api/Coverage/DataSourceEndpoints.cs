using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Coverage;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Security;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Coverage;

/// <summary>The data source inventory: list, register, and dated status changes (degraded, dropped, restored).</summary>
internal static class DataSourceEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/data-sources").WithTags("Data sources");
        group.MapGet("/", async (IDataSourceInventory inventory, CancellationToken ct) => TypedResults.Ok(await inventory.ListAsync(ct))).Require(Permission.Read);
        group.MapGet("/{id:guid}", GetAsync).Require(Permission.Read);
        group.MapPost("/", AddAsync).Require(Permission.ChangeCoverage);
        group.MapPost("/{id:guid}/status", ChangeStatusAsync).Require(Permission.ChangeCoverage);
    }

    private static async Task<Results<Ok<DataSourceDetailView>, ProblemHttpResult>> GetAsync(Guid id, IDataSourceInventory inventory, CancellationToken ct) =>
        await inventory.GetAsync(id, ct) is { } entry
            ? TypedResults.Ok(new DataSourceDetailView(entry, await inventory.EventsAsync(id, ct)))
            : Problems.NotFound($"No data source {id}.");

    private static async Task<Results<Created<DataSourceEntry>, ProblemHttpResult>> AddAsync(
        DataSourceRequest request, IDataSourceInventory inventory, AuditWriter audit, CoverageWatch watch, HttpContext ctx, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200) errors["name"] = ["name is required, at most 200 characters"];
        var quality = new DataQuality(request.Completeness, request.Timeliness, request.Retention);
        if (!quality.IsValid) errors["quality"] = ["completeness, timeliness and retention are 0..100"];
        var provides = ManualRuleFactory.Requirement([.. request.DataComponents ?? [], .. request.LogSources ?? []]);
        if (!provides.IsMapped) errors["dataComponents"] = ["name at least one data component (DC0032) or log source (WinEventLog:Sysmon)"];
        if (errors.Count > 0)
        {
            return Problems.Invalid("The data source has invalid fields.", errors);
        }

        var baseline = await watch.CaptureAsync(ct);
        var saved = await inventory.AddAsync(new DataSourceEntry
        {
            Id = Guid.NewGuid(), Name = request.Name.Trim(), Platform = request.Platform?.Trim() ?? "", Environment = request.Environment?.Trim() ?? "",
            DataComponents = provides.DataComponents.Select(c => c.Id).ToList(), LogSources = provides.LogSources,
            Ingested = request.Ingested, Normalized = request.Normalized, Queryable = request.Queryable,
            RegisteredOn = request.RegisteredOn, ConnectedOn = request.ConnectedOn, Quality = quality,
        }, ctx.User.Identity?.Name, ct);
        if (!saved.IsSaved)
        {
            return Problems.From(saved);
        }

        await audit.WriteAsync(ctx.User, "datasource.create", "datasource", saved.Value!.Id.ToString(), null, saved.Value, ct);
        await watch.ProcessAsync(baseline, "datasource.create", ctx.User, ct);
        return TypedResults.Created($"/api/v1/data-sources/{saved.Value.Id}", saved.Value);
    }

    private static async Task<Results<Ok<DataSourceEntry>, ProblemHttpResult>> ChangeStatusAsync(
        Guid id, DataSourceStatusRequest request, IDataSourceInventory inventory, TimeProvider time, AuditWriter audit, CoverageWatch watch, HttpContext ctx, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 1000)
        {
            return Problems.BadRequest("reason is required (at most 1000 characters): a degradation or drop is dated and explained.");
        }

        var now = time.GetUtcNow();
        if (request.At > now)
        {
            return Problems.BadRequest("at cannot be in the future.");
        }

        var before = await inventory.GetAsync(id, ct);
        var baseline = await watch.CaptureAsync(ct);
        var saved = await inventory.ChangeStatusAsync(id, request.Version, request.Status, request.At ?? now, request.Reason.Trim(), ctx.User.Identity?.Name, ct);
        if (!saved.IsSaved)
        {
            return Problems.From(saved);
        }

        await audit.WriteAsync(ctx.User, "datasource.status", "datasource", id.ToString(), before, saved.Value, ct);
        await watch.ProcessAsync(baseline, "datasource.status", ctx.User, ct);
        return TypedResults.Ok(saved.Value!);
    }
}
