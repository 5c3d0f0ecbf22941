using Microsoft.Extensions.DependencyInjection;
using Tessera.Infrastructure.Alerts;

namespace Tessera.Server.Alerts;

/// <summary>Alert mapping in the server: stores, the background-built mapper, triage and the demo seeder.</summary>
public static class AlertServiceCollectionExtensions
{
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddAlertStorage();
        services.AddSingleton<AlertMappingService>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertMappingService>());
        services.AddSingleton<AlertTriageService>();
        services.AddSingleton<Demo.IDemoSeeder, Demo.AlertsDemoSeeder>();
        return services;
    }
}
