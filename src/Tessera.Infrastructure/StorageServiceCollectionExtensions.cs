using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tessera.Core.Audit;
using Tessera.Core.Security;
using Tessera.Core.Storage;
using Tessera.Infrastructure.Storage;
using Tessera.Infrastructure.Jobs;
using Tessera.Infrastructure.Storage.Stores;

namespace Tessera.Infrastructure;

/// <summary>Wires Tessera storage into a host.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the context factory, a scoped <see cref="TesseraDbContext"/>, every store behind its Core interface,
    /// <see cref="UserAccountService"/>, <see cref="ApiKeyService"/> and <see cref="TimeProvider.System"/> unless a
    /// TimeProvider is already registered. Stores are singletons that open one context per call.
    /// </summary>
    public static IServiceCollection AddTesseraStorage(this IServiceCollection services, StorageOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<TesseraDbContextFactory>();
        services.AddSingleton<IDbContextFactory<TesseraDbContext>>(sp => sp.GetRequiredService<TesseraDbContextFactory>());
        services.AddScoped(sp => sp.GetRequiredService<TesseraDbContextFactory>().CreateDbContext());

        services.AddSingleton<IUserStore, EfUserStore>();
        services.AddSingleton<IApiKeyStore, EfApiKeyStore>();
        services.AddSingleton<IAuditLog, EfAuditLog>();
        services.AddSingleton<ISourceActivationStore, EfSourceActivationStore>();
        services.AddSingleton<ITechniqueReferenceStore, EfTechniqueReferenceStore>();
        services.AddSingleton<ISettingsStore, EfSettingsStore>();
        services.AddSingleton<ILeaseStore, EfLeaseStore>();
        services.AddSingleton<Core.Incidents.IIncidentStore, Incidents.EfIncidentStore>();
        Coverage.CoverageStorage.AddCoverageStorage(services);
        services.AddTesseraPlatformStores();

        services.TryAddSingleton(new PasswordHasher());
        services.AddSingleton<UserAccountService>();
        services.AddSingleton<ApiKeyService>();
        return services;
    }

    /// <summary>
    /// Migrates the database and creates (and audits as <c>user.bootstrap</c>) the first admin when there are no
    /// users. Returns that admin's one-time password for the caller to print, or null when users already existed.
    /// </summary>
    public static async Task<BootstrapAdmin?> InitializeTesseraStorageAsync(this IServiceProvider services, CancellationToken ct)
    {
        await StorageInitializer.MigrateAsync(services.GetRequiredService<IDbContextFactory<TesseraDbContext>>(), ct);
        var admin = await services.GetRequiredService<UserAccountService>().EnsureBootstrapAdminAsync(ct);
        if (admin is not null)
        {
            await services.GetRequiredService<IAuditLog>().AppendAsync(new AuditEvent
            {
                Actor = AuditActor.System("bootstrap"),
                Action = "user.bootstrap",
                EntityType = "user",
                EntityId = admin.UserName,
            }, ct);
        }

        return admin;
    }
}
