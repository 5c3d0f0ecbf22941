using Microsoft.EntityFrameworkCore;

namespace Tessera.Infrastructure.Tests.Storage;

public sealed class MigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, AllProviders]
    public async Task Migrate_EmptyDatabase_AppliesAllMigrationsAndCreatesTables(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider, migrate: false);
        await using (var before = test.CreateContext())
        {
            Assert.NotEmpty(await before.Database.GetPendingMigrationsAsync(Ct));
        }

        await StorageInitializer.MigrateAsync(test.Get<IDbContextFactory<TesseraDbContext>>(), Ct);

        await using var db = test.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(Ct), m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));
        Assert.Equal(0, await db.Users.CountAsync(Ct));
        Assert.Equal(0, await db.ApiKeys.CountAsync(Ct));
        Assert.Equal(0, await db.AuditEntries.CountAsync(Ct));
        Assert.Equal(0, await db.AttackSources.CountAsync(Ct));
        Assert.Equal(0, await db.TechniqueReferences.CountAsync(Ct));
        Assert.Equal(0, await db.TechniqueReferenceHistory.CountAsync(Ct));
        Assert.Equal(0, await db.Settings.CountAsync(Ct));
        Assert.Equal(0, await db.Leases.CountAsync(Ct));
    }

    [Theory, AllProviders]
    public async Task Model_ComparedWithLatestMigration_HasNoPendingChanges(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.CreateContext();

        // Fails when someone changes an entity without adding a migration for this provider.
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Theory, AllProviders]
    public async Task Migrate_AlreadyMigratedDatabase_IsANoOp(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);

        await StorageInitializer.MigrateAsync(test.Get<IDbContextFactory<TesseraDbContext>>(), Ct);

        await using var db = test.CreateContext();
        // Every migration applied once, none pending (features add their own migrations, so no fixed count).
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Ct));
    }

    [Fact]
    public async Task Migrate_Sqlite_EnablesWalAndForeignKeys()
    {
        await using var test = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        await using var db = test.CreateContext();

        Assert.Equal("wal", Assert.Single(await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync(Ct)));
        Assert.Equal(1L, Assert.Single(await db.Database.SqlQueryRaw<long>("PRAGMA foreign_keys").ToListAsync(Ct)));
    }
}
