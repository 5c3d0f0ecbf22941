using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Core.Backlog;
using Tessera.Core.Coverage;

namespace Tessera.Server.Demo;

/// <summary>
/// Backlog and regressions demo, produced by the real code paths: the coverage demo's degraded PowerShell logging and
/// dropped auditd are replayed through the regression detector (coverage with those sources active, then as they are),
/// and the reconciliation turns the priority techniques' gaps, failures and stale validations into backlog items.
/// Skipped when the backlog already holds items.
/// </summary>
public sealed class BacklogDemoSeeder : IDemoSeeder
{
    public int Order => 150;

    public async Task SeedAsync(DemoContext context, CancellationToken ct)
    {
        var services = context.Services;
        if (context.Knowledge.Latest(AttackDomain.Enterprise) is not { } attack
            || (await services.GetRequiredService<IBacklogStore>().QueryAsync(new BacklogQuery { Take = 1 }, ct)).Total > 0)
        {
            return;
        }

        var input = await services.GetRequiredService<CoverageService>().LoadInputAsync(attack, ct);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var restored = input with { DataSources = input.DataSources.Select(d => d with { Status = DataSourceStatus.Active }).ToList() };
        var outcome = await services.GetRequiredService<CoverageChangeMonitor>().ProcessAsync(
            CoverageEngine.Compute(restored, now), CoverageEngine.Compute(input, now), "datasource.status", DemoContext.Actor, ct);
        await context.Console.WriteLineAsync(
            $"Demo backlog: {outcome.Regressions.Count} regressions from the degraded and dropped sources, {outcome.Backlog.Create.Count} backlog items.");
    }
}
