using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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
        var id = Guid.CreateVersion7();
        await using (var db = test.CreateContext())
        {
            var migrations = db.Database.GetMigrations().ToList();
            var previous = migrations[migrations.FindIndex(m => m.EndsWith("_AddExposureStatus", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(previous, Ct);
            // EF stores GUIDs as upper-case text on SQLite and as uuid on PostgreSQL.
            object key = provider == StorageProvider.Sqlite ? id.ToString().ToUpperInvariant() : id;
            var imported = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO exposures ("Id", "Key", "ExternalId", "Kind", "Cve", "Asset", "Severity", "Title", "ImportedTechniques", "FirstImported", "LastImported")
                VALUES ({key}, 'app-01|CVE-2021-44228', 'F-3', 'Vulnerability', 'CVE-2021-44228', 'app-01', 3, 'Log4Shell', '', {imported}, {imported})
                """, Ct);
        }

        await StorageInitializer.MigrateAsync(test.Get<IDbContextFactory<TesseraDbContext>>(), Ct);
        var stored = await test.Get<IExposureStore>().FindAsync(id, Ct);

        Assert.Equal(("Log4Shell", ExposureStatus.Open, null, null), (stored!.Exposure.Title, stored.Status, stored.StatusReason, stored.StatusChangedAt));
        Assert.Single(await test.Get<IExposureStore>().ListAsync(new ExposureQuery { Status = ExposureStatus.Open }, Ct));
    }
}
