using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Jobs;
using Tessera.Core.Runbooks;
using Tessera.Core.Webhooks;
using Tessera.Infrastructure.Runbooks;
using Tessera.Infrastructure.Webhooks;

namespace Tessera.Infrastructure.Jobs;

/// <summary>Stores for webhooks, runbooks, job runs and exposures; called by <see cref="StorageServiceCollectionExtensions.AddTesseraStorage"/>.</summary>
public static class PlatformStorageRegistration
{
    public static IServiceCollection AddTesseraPlatformStores(this IServiceCollection services)
    {
        services.AddSingleton<IWebhookSubscriptionStore, EfWebhookSubscriptionStore>();
        services.AddSingleton<IWebhookDeliveryLog, EfWebhookDeliveryLog>();
        services.AddSingleton<EfWebhookOutbox>();
        services.AddSingleton<IWebhookOutbox>(sp => sp.GetRequiredService<EfWebhookOutbox>());
        services.AddSingleton<IRunbookStore, EfRunbookStore>();
        services.AddSingleton<IJobRunLog, EfJobRunLog>();
        services.AddSingleton<Core.Exposures.IExposureStore, Exposures.EfExposureStore>();
        return services;
    }
}
