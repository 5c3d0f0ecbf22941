using Microsoft.EntityFrameworkCore;

namespace Tessera.Infrastructure.Storage;

/// <summary>
/// Creates the provider's <see cref="TesseraDbContext"/> for <see cref="StorageOptions"/>. Stores create one context
/// per operation, so they can be singletons and safe under concurrent Blazor circuits and background jobs.
/// </summary>
public sealed class TesseraDbContextFactory : IDbContextFactory<TesseraDbContext>
{
    private readonly Func<TesseraDbContext> _create;

    public TesseraDbContextFactory(StorageOptions options)
    {
        Options = options;
        // A list in a query (keys.Contains(x.Key)) travels as one array parameter (json_each on SQLite, an array on
        // PostgreSQL), not EF 10's default of one parameter per element: SQLite takes at most 32,766 of those, and a
        // 33,000-row exposure import or library import failed on it.
        switch (options.Provider)
        {
            case StorageProvider.Sqlite:
                var sqlite = new DbContextOptionsBuilder<SqliteTesseraDbContext>()
                    .UseSqlite(options.ConnectionString, o => o.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)).Options;
                _create = () => new SqliteTesseraDbContext(sqlite);
                break;
            case StorageProvider.Postgres:
                var postgres = new DbContextOptionsBuilder<PostgresTesseraDbContext>()
                    .UseNpgsql(options.ConnectionString, o => o.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)).Options;
                _create = () => new PostgresTesseraDbContext(postgres);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown storage provider.");
        }
    }

    public StorageOptions Options { get; }

    public TesseraDbContext CreateDbContext() => _create();
}
