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

    // A mistyped --db (or the wrong PostgreSQL database) used to be migrated: Tessera's tables were added beside the
    // other application's. Only an empty database or a Tessera one is migrated.
    [Theory, AllProviders]
    public async Task Migrate_AnotherApplicationsDatabase_RefusedAndNothingAdded(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider, migrate: false);
        await using (var db = test.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)", Ct);
        }

        var refused = await Assert.ThrowsAsync<ForeignDatabaseException>(() => StorageInitializer.MigrateAsync(test.Get<IDbContextFactory<TesseraDbContext>>(), Ct));

        Assert.StartsWith("it holds 1 table(s) but no Tessera migration history", refused.Message, StringComparison.Ordinal);
        await using var after = test.CreateContext();
        Assert.Empty(await after.Database.GetAppliedMigrationsAsync(Ct));
        var sql = provider == StorageProvider.Sqlite
            ? "SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table'"
            : "SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema()";
        Assert.Equal(1, await after.Database.SqlQueryRaw<int>(sql).SingleAsync(Ct));
    }

    // QA: instances (or CLI runs) started together on a new PostgreSQL database applied the same migration twice and all
    // but one died with "42P07: relation … already exists": EF's lock is released with each migration's transaction.
    [Theory, AllProviders]
    public async Task Migrate_ThreeAtOnceOnAnEmptyDatabase_AllSucceedAndEachMigrationIsAppliedOnce(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider, migrate: false);
        var contexts = test.Get<IDbContextFactory<TesseraDbContext>>();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => StorageInitializer.MigrateAsync(contexts, Ct), Ct)));

        await using var db = test.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal(db.Database.GetMigrations().Count(), (await db.Database.GetAppliedMigrationsAsync(Ct)).Count());
    }

    // QA: read-only verbs given a mistyped PostgreSQL database name created it (migrating does, when the role may) and
    // reported it empty. They ask first whether it exists.
    [Fact]
    public async Task MissingPostgresDatabase_NamesAMissingOneAndPassesAnExistingOne()
    {
        await using var test = await TestDatabase.CreateAsync(StorageProvider.Postgres);
        var missing = test.Options with
        {
            ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(test.Options.ConnectionString) { Database = "tessera_no_such_db" }.ConnectionString,
        };

        Assert.Null(await StorageInitializer.MissingPostgresDatabaseAsync(test.Options, Ct));
        Assert.Equal("no PostgreSQL database 'tessera_no_such_db' on that server (tessera serve or an import creates it; a verb that only reads does not)",
            await StorageInitializer.MissingPostgresDatabaseAsync(missing, Ct));
        Assert.Null(await StorageInitializer.MissingPostgresDatabaseAsync(StorageOptions.Sqlite("/nowhere/x.db"), Ct));
    }

    // A server or import pointed at a database that does not exist yet creates it (the migration lock needs a connection
    // to it, so it is created before the lock is taken).
    [Fact]
    public async Task Migrate_PostgresDatabaseThatDoesNotExist_CreatedAndMigrated()
    {
        await using var test = await TestDatabase.CreateAsync(StorageProvider.Postgres);
        var name = $"tessera_new_{Guid.NewGuid():N}";
        var fresh = test.Options with
        {
            ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(test.Options.ConnectionString) { Database = name }.ConnectionString,
        };
        var contexts = new TesseraDbContextFactory(fresh);
        try
        {
            await StorageInitializer.MigrateAsync(contexts, Ct);

            await using var db = contexts.CreateDbContext();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
            Assert.Null(await StorageInitializer.MissingPostgresDatabaseAsync(fresh, Ct));
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var admin = new Npgsql.NpgsqlConnection(test.Options.ConnectionString);
            await admin.OpenAsync(CancellationToken.None);
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    // QA: read-only verbs (audit list, rules list …) failed on a database file the user may only read: opening it
    // always took EF's migration lock and set the journal mode, both writes. A current database is only read.
    [Fact]
    public async Task Migrate_CurrentDatabaseOpenedReadOnly_SucceedsWithoutWriting()
    {
        await using var test = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(test.Options.ConnectionString).DataSource;
        var readOnly = new TesseraDbContextFactory(new StorageOptions
        {
            Provider = StorageProvider.Sqlite, ConnectionString = $"Data Source={file};Mode=ReadOnly",
        });

        await StorageInitializer.MigrateAsync(readOnly, Ct);

        await using var db = readOnly.CreateDbContext();
        Assert.Equal(0, await db.Users.CountAsync(Ct));
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
        // Every migration applied exactly once (not a count: each feature adds its own migration).
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
