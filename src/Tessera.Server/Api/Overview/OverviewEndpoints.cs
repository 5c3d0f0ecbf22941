using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Security;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Overview;

/// <summary><c>GET /api/v1/overview</c>: the Overview page's summary as JSON for wallboards and SOAR tools (Read permission).</summary>
public static class OverviewEndpoints
{
    public static IServiceCollection AddTesseraOverview(this IServiceCollection services) => services.AddSingleton<OverviewService>();

    public static IEndpointRouteBuilder MapOverviewEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/overview").WithTags("Overview").Require(Permission.Read)
            .MapGet("/", GetAsync)
            .WithSummary("Where the SOC stands")
            .WithDescription("Open incidents by severity and the newest ones, alerts awaiting triage, detection coverage of the newest " +
                             "Enterprise collection with recent regressions, the active backlog, open exposures and the loaded ATT&CK " +
                             "collections. A section the caller's role may not read is null.");
        return app;
    }

    private static async Task<Ok<OverviewSummary>> GetAsync(OverviewService overview, HttpContext ctx, CancellationToken ct) =>
        TypedResults.Ok(await overview.BuildAsync(ctx.User, ct));
}
