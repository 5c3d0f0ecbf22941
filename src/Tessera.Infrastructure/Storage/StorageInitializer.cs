using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Tessera.Infrastructure.Storage;

/// <summary>Brings a database to the current schema at startup.</summary>
public static class StorageInitializer
{
    /// <summary>
    /// Applies pending migrations for the configured provider (EF takes a database lock, so instances starting
    /// together migrate once) and, on SQLite, switches the file to WAL so readers do not block the writer.
    /// </summary>
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

        await db.Database.MigrateAsync(ct);
        if (db.Provider == StorageProvider.Sqlite)
        {
            // journal_mode is stored in the file, so once is enough; foreign keys are per connection (connection string).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}
