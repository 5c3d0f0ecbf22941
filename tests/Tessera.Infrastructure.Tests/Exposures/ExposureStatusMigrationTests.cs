using Microsoft.EntityFrameworkCore;
using Tessera.Core.Exposures;

namespace Tessera.Infrastructure.Tests.Exposures;

/// <summary>Exposures stored before the lifecycle existed become Open when AddExposureStatus runs.</summary>
public sealed class ExposureStatusMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, AllProviders]
    public async Task Migrate_RowFromBeforeTheLifecycle_BecomesOpenWithNoChange(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider, migrate: false);
        var id = await ExposureTestData.InsertBeforeMigrationAsync(test, provider, "AddExposureStatus");

        await StorageInitializer.MigrateAsync(test.Get<IDbContextFactory<TesseraDbContext>>(), Ct);
        var stored = await test.Get<IExposureStore>().FindAsync(id, Ct);

        Assert.Equal(("Log4Shell", ExposureStatus.Open, null, null), (stored!.Exposure.Title, stored.Status, stored.StatusReason, stored.StatusChangedAt));
        Assert.Single(await test.Get<IExposureStore>().ListAsync(new ExposureQuery { Status = ExposureStatus.Open }, Ct));
    }
}
