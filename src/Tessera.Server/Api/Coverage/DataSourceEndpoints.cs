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
        group.MapGet("/", async (IDataSourceInventory inventory, CancellationToken ct) => TypedResults.Ok(await inventory.ListAsync(ct))).WithSummary("List the data-source inventory").Require(Permission.Read);
        group.MapGet("/{id:guid}", GetAsync).WithSummary("Get a data source").Require(Permission.Read);
        group.MapPost("/", AddAsync).WithSummary("Add a data source").Require(Permission.ChangeCoverage);
        group.MapPost("/{id:guid}/status", ChangeStatusAsync).WithSummary("Change a data source's collection status").Require(Permission.ChangeCoverage);
    }

    private static async Task<Results<Ok<DataSourceDetailView>, ProblemHttpResult>> GetAsync(Guid id, IDataSourceInventory inventory, CancellationToken ct) =>
        await inventory.GetAsync(id, ct) is { } entry
            ? TypedResults.Ok(new DataSourceDetailView(entry, await inventory.EventsAsync(id, ct)))
            : Problems.NotFound($"No data source {id}.");

    private static async Task<Results<Created<DataSourceEntry>, ProblemHttpResult>> AddAsync(
        DataSourceRequest request, CoverageWrites writes, HttpContext ctx, CancellationToken ct)
    {
        var saved = await writes.AddDataSourceAsync(request, ctx.User, ct);
        return saved.Succeeded ? TypedResults.Created($"/api/v1/data-sources/{saved.Value!.Id}", saved.Value) : saved.ToProblem();
    }

    private static async Task<Results<Ok<DataSourceEntry>, ProblemHttpResult>> ChangeStatusAsync(
        Guid id, DataSourceStatusRequest request, CoverageWrites writes, HttpContext ctx, CancellationToken ct) =>
        request.Version is not { } version ? Problems.VersionRequired()
        // Without a status the request would silently mean the enum's first value (Active): a dropped source "restored".
        : request.Status is not { } status ? Problems.BadRequest($"status is required: one of {string.Join(", ", Enum.GetNames<DataSourceStatus>())}.")
        : (await writes.ChangeDataSourceStatusAsync(id, version, status, request.At, request.Reason, ctx.User, ct)).ToOk();
}
