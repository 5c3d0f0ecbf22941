using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Alerts.Library;
using Tessera.Core.Alerts.Triage;

namespace Tessera.Infrastructure.Alerts;

/// <summary>Registers the alert stores; call after <c>AddTesseraStorage</c>.</summary>
public static class AlertStorageServiceCollectionExtensions
{
    public static IServiceCollection AddAlertStorage(this IServiceCollection services) =>
        services.AddSingleton<IAlertLibraryStore, EfAlertLibraryStore>()
            .AddSingleton<IAlertRecordStore, EfAlertRecordStore>();
}
