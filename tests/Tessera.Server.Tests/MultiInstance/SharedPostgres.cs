using Npgsql;

namespace Tessera.Server.Tests.MultiInstance;

/// <summary>
/// A fresh database on the PostgreSQL server in TESSERA_TEST_PG (scripts/pg-cluster.sh), dropped on dispose. Without
/// the variable the test is skipped locally and fails under CI=true or TESSERA_REQUIRE_PG=1, the rule of the storage tests.
/// </summary>
public sealed class SharedPostgres : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private SharedPostgres(string admin, string name, string connectionString)
    {
        _admin = admin;
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<SharedPostgres> CreateAsync(CancellationToken ct)
    {
        var server = Environment.GetEnvironmentVariable("TESSERA_TEST_PG");
        if (string.IsNullOrWhiteSpace(server))
        {
            const string message = "TESSERA_TEST_PG is not set: start a server with eval \"$(scripts/pg-cluster.sh start)\".";
            if (Environment.GetEnvironmentVariable("CI") == "true" || Environment.GetEnvironmentVariable("TESSERA_REQUIRE_PG") == "1")
            {
                Assert.Fail("PostgreSQL is required here (CI=true or TESSERA_REQUIRE_PG=1) but " + message);
            }

            Assert.Skip("Multi-instance test skipped: " + message);
        }

        var admin = new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString;
        var name = $"tessera_mi_{Guid.NewGuid():N}";
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"", ct);
        return new SharedPostgres(admin, name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", CancellationToken.None);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
