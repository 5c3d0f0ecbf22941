using Tessera.Infrastructure.Storage;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Server.Tests.MultiInstance;

namespace Tessera.Server.Tests.Browser;

/// <summary>
/// The demo data set on PostgreSQL, in a database of its own on the test cluster (<c>TESSERA_TEST_PG</c>). Its queries
/// are truly asynchronous, as in production: SQLite's complete before they return, so on SQLite a page never shows what
/// it shows while a query is on its way (its loading note). Without a cluster the fixture falls back to SQLite, except
/// where PostgreSQL is required (CI, <c>TESSERA_REQUIRE_PG=1</c>: <see cref="SharedPostgres"/> fails there).
/// </summary>
public sealed class PostgresDemoServerFixture : TesseraServerFixture
{
    private SharedPostgres? _database;

    protected override bool Demo => true;

    /// <summary>True when the server runs on PostgreSQL.</summary>
    public bool OnPostgres => _database is not null;

    protected override async Task<StorageOptions> StorageAsync()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("TESSERA_TEST_PG"))
            && Environment.GetEnvironmentVariable("CI") != "true" && Environment.GetEnvironmentVariable("TESSERA_REQUIRE_PG") != "1")
        {
            return await base.StorageAsync();
        }

        _database = await SharedPostgres.CreateAsync(CancellationToken.None);
        return new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = _database.ConnectionString };
    }

    protected override async ValueTask ReleaseStorageAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
