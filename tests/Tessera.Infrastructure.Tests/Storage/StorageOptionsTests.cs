using Npgsql;

namespace Tessera.Infrastructure.Tests.Storage;

public sealed class StorageOptionsTests
{
    [Theory]
    [InlineData("tessera.db")]
    [InlineData("/var/lib/tessera/tessera.db")]
    // A connection string is recognised by its keyword, in any case.
    [InlineData("Data Source=tessera.db")]
    [InlineData("data source=tessera.db;Cache=Shared")]
    public void TryParse_PathOrDataSource_SelectsSqliteWithForeignKeys(string value)
    {
        Assert.True(StorageOptions.TryParse(value, out var options, out var error), error);

        Assert.Equal(StorageProvider.Sqlite, options!.Provider);
        Assert.Contains("Foreign Keys=True", options.ConnectionString, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("tessera.db", options.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_HostKeyword_SelectsPostgres()
    {
        Assert.True(StorageOptions.TryParse("Host=db.internal;Port=5433;Database=tessera;Username=app", out var options, out _));

        Assert.Equal(StorageProvider.Postgres, options!.Provider);
        var parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        Assert.Equal(("db.internal", 5433, "tessera", "app"), (parsed.Host, parsed.Port, parsed.Database, parsed.Username));
    }

    [Theory]
    [InlineData("postgres://app:s%3Acret@db.internal:5433/tessera?sslmode=require")]
    // The long scheme name is accepted too.
    [InlineData("postgresql://app:s%3Acret@db.internal:5433/tessera?sslmode=require")]
    public void TryParse_PostgresUri_ConvertsToConnectionString(string value)
    {
        Assert.True(StorageOptions.TryParse(value, out var options, out var error), error);

        Assert.Equal(StorageProvider.Postgres, options!.Provider);
        var parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        Assert.Equal(("db.internal", 5433, "tessera", "app"), (parsed.Host, parsed.Port, parsed.Database, parsed.Username));
        Assert.Equal("s:cret", parsed.Password);
        Assert.Equal(SslMode.Require, parsed.SslMode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    // Unknown query keyword: better to refuse than silently drop a setting such as TLS.
    [InlineData("postgres://app@db.internal/tessera?sslmod=require")]
    // Broken host part.
    [InlineData("postgres://[::1/tessera")]
    public void TryParse_InvalidValue_ReturnsError(string value)
    {
        Assert.False(StorageOptions.TryParse(value, out var options, out var error));

        Assert.Null(options);
        Assert.Contains("--db", error, StringComparison.Ordinal);
    }
}
