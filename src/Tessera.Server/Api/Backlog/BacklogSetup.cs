using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Api.Coverage;
using Tessera.Server.Jobs;

namespace Tessera.Server.Api.Backlog;

/// <summary>Registers the coverage change hook, the snapshot and staleness jobs, and the backlog demo.</summary>
public static class BacklogSetup
{
    public static IServiceCollection AddTesseraBacklog(this IServiceCollection services)
    {
        services.AddSingleton<CoverageWatch>();
        services.AddTesseraJob<CoverageSnapshotJob>(CoverageSnapshotJob.Name, CoverageSnapshotJob.Interval);
        services.AddTesseraJob<CoverageStalenessJob>(CoverageStalenessJob.Name, CoverageStalenessJob.Interval);
        services.AddSingleton<Demo.IDemoSeeder, Demo.BacklogDemoSeeder>();
        return services;
    }
}
