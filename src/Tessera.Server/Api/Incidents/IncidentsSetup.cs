using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Incidents;

namespace Tessera.Server.Api.Incidents;

/// <summary>Registers the incident use cases, the source catalog and the incidents demo seeder.</summary>
public static class IncidentsSetup
{
    public static IServiceCollection AddTesseraIncidents(this IServiceCollection services)
    {
        services.AddSingleton<AttackSourceCatalog>();
        services.AddSingleton<IAttackSourceCatalog>(sp => sp.GetRequiredService<AttackSourceCatalog>());
        services.AddSingleton<IRollupSettingsSource, RollupSettingsStore>();
        services.AddSingleton<IncidentRollup>();
        services.AddSingleton<IncidentService>();
        services.AddSingleton<IIncidentAlertSink>(sp => sp.GetRequiredService<IncidentService>());
        services.AddSingleton<IncidentCardReader>();
        services.AddSingleton<IncidentAlertAttacher>();
        services.AddSingleton<Demo.IDemoSeeder, Demo.IncidentsDemoSeeder>().AddSingleton<Demo.IDemoSeeder, Demo.IncidentAlertsDemoSeeder>();
        return services;
    }
}
