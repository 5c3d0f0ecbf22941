using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Tessera.Infrastructure.Storage;

/// <summary>Brings a database to the current schema at startup.</summary>
public static class StorageInitializer
{
    /// <summary>
    /// Applies pending migrations for the configured provider and, on SQLite, switches the file to WAL so readers do not
    /// block the writer. On PostgreSQL the whole of it holds a session advisory lock: EF's own migration lock is released
    /// with each migration's transaction, and instances started together on a new database then applied the same
    /// migration twice ("relation … already exists"); now the first migrates and the others wait and find nothing to do.
    /// A database that is current is only read, never written, so read-only verbs work on a file they may only read.
    /// </summary>
    /// <exception cref="ForeignDatabaseException">The database holds another application's tables and no Tessera history.</exception>
    public static async Task MigrateAsync(IDbContextFactory<TesseraDbContext> contexts, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        if (db.Provider == StorageProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } directory)
            {
                Directory.CreateDirectory(directory);
            }
        }

        if (db.Provider == StorageProvider.Postgres)
        {
            await CreatePostgresDatabaseAsync(db, ct);
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (db.Provider == StorageProvider.Postgres)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLockKey})", ct);
            }

            try
            {
                await MigrateLockedAsync(db, ct);
            }
            finally
            {
                if (db.Provider == StorageProvider.Postgres)
                {
                    await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// For a caller that only reads: why the PostgreSQL database <paramref name="options"/> names cannot be read because it
    /// does not exist (migrating would create it when the role may, and a mistyped name would then read as an empty
    /// database); null when it exists, for SQLite, or when the server cannot be reached (opening it reports that).
    /// </summary>
    public static async Task<string?> MissingPostgresDatabaseAsync(StorageOptions options, CancellationToken ct)
    {
        if (options.Provider != StorageProvider.Postgres)
        {
            return null;
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString) { Pooling = false };
        try
        {
            await using var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
            return null;
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.InvalidCatalogName)
        {
            return $"no PostgreSQL database '{builder.Database}' on that server (tessera serve or an import creates it; a verb that only reads does not)";
        }
        catch (Npgsql.NpgsqlException)
        {
            return null;
        }
    }

    // The lock needs a connection to the database, so a database that does not exist yet is created first (empty; the
    // migrations then fill it), as EF's MigrateAsync did on its own. Instances doing this together: one creates it, the
    // others meet "already exists" and go on.
    private static async Task CreatePostgresDatabaseAsync(TesseraDbContext db, CancellationToken ct)
    {
        var creator = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>(db);
        if (await creator.ExistsAsync(ct))
        {
            return;
        }

        try
        {
            await creator.CreateAsync(ct);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.DuplicateDatabase)
        {
        }
    }

    /// <summary>The advisory lock key instances agree on (any constant no other application of the database uses).</summary>
    private const long MigrationLockKey = 0x7465_7373_6572_61; // "tessera"

    private static async Task MigrateLockedAsync(TesseraDbContext db, CancellationToken ct)
    {
        if (!(await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            await EnsureWalAsync(db, ct);
            return;
        }

        await RefuseForeignAsync(db, ct);
        await db.Database.MigrateAsync(ct);
        await EnsureWalAsync(db, ct);
    }

    // journal_mode is stored in the file, so once is enough (and asking is a read); foreign keys are per connection
    // (connection string).
    private static async Task EnsureWalAsync(TesseraDbContext db, CancellationToken ct)
    {
        if (db.Provider == StorageProvider.Sqlite
            && !string.Equals(await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS \"Value\" FROM pragma_journal_mode").SingleAsync(ct), "wal", StringComparison.OrdinalIgnoreCase))
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    /// <summary>
    /// An empty database (a new SQLite file, a new PostgreSQL database) becomes Tessera's; one that holds tables but no
    /// migration history is someone else's, and migrating it would mix Tessera's tables into it.
    /// </summary>
    private static async Task RefuseForeignAsync(TesseraDbContext db, CancellationToken ct)
    {
        if ((await db.Database.GetAppliedMigrationsAsync(ct)).Any())
        {
            return;
        }

        var sql = db.Provider == StorageProvider.Sqlite
            ? "SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EFMigrations%'"
            : "SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_\\_EFMigrations%'";
        var tables = await db.Database.SqlQueryRaw<int>(sql).SingleAsync(ct);
        if (tables > 0)
        {
            throw new ForeignDatabaseException(
                $"it holds {tables} table(s) but no Tessera migration history, so it is another application's database; Tessera adds nothing to it (choose another database)");
        }
    }
}
