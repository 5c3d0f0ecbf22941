using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Tessera.Core.Incidents;
using Tessera.Infrastructure;
using Tessera.Infrastructure.Storage;

namespace Tessera.Benchmarks;

/// <summary>
/// The cross-incident heatmap on PostgreSQL over 100,000 incidents and 1,000,000 associations (10 per incident,
/// technique choice skewed like real data: a few techniques in most incidents, a long tail). Needs a server:
/// <c>eval "$(scripts/pg-cluster.sh start)"</c> exports TESSERA_TEST_PG (or set TESSERA_BENCH_PG). The set-up
/// migrates a fresh database and bulk-loads it with binary COPY (~20 s), then times <see cref="IIncidentStore.HeatmapAsync"/>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class IncidentHeatmapBenchmarks
{
    private const int Incidents = 100_000;
    private const int PerIncident = 10;
    private const int TechniquePool = 600;
    private static readonly string[] Tactics = ["initial-access", "execution", "persistence", "privilege-escalation", "defense-evasion",
        "credential-access", "discovery", "lateral-movement", "collection", "command-and-control", "exfiltration", "impact"];
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private ServiceProvider _services = null!;
    private IIncidentStore _store = null!;
    private string _admin = "";
    private string _database = "";

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }

    [Benchmark(Description = "heatmap: all incidents")]
    public async Task<int> All() => (await _store.HeatmapAsync(new HeatmapQuery(), CancellationToken.None)).Count;

    [Benchmark(Description = "heatmap: one quarter, High+Critical, open states")]
    public async Task<int> QuarterHighOpen() => (await _store.HeatmapAsync(new HeatmapQuery
    {
        From = Start.AddDays(180), To = Start.AddDays(270),
        Severities = [IncidentSeverity.High, IncidentSeverity.Critical],
        States = [IncidentState.New, IncidentState.InProgress, IncidentState.Contained],
    }, CancellationToken.None)).Count;

    [Benchmark(Description = "heatmap: one source, whole year")]
    public async Task<int> OneSourceYear() => (await _store.HeatmapAsync(new HeatmapQuery
    {
        From = Start, To = Start.AddDays(365), SourceKey = "enterprise-attack@18.1",
    }, CancellationToken.None)).Count;

    private async Task SetupAsync()
    {
        var server = Environment.GetEnvironmentVariable("TESSERA_BENCH_PG") ?? Environment.GetEnvironmentVariable("TESSERA_TEST_PG")
            ?? throw new InvalidOperationException("Set TESSERA_BENCH_PG or start scripts/pg-cluster.sh (TESSERA_TEST_PG).");
        _admin = new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString;
        _database = $"tessera_bench_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var options = new StorageOptions
        {
            Provider = StorageProvider.Postgres,
            ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = _database }.ConnectionString,
        };
        _services = new ServiceCollection().AddTesseraStorage(options).BuildServiceProvider();
        await StorageInitializer.MigrateAsync(_services.GetRequiredService<IDbContextFactory<TesseraDbContext>>(), CancellationToken.None);
        await LoadAsync(options.ConnectionString);
        _store = _services.GetRequiredService<IIncidentStore>();
    }

    private static async Task LoadAsync(string connectionString)
    {
        var random = new Random(42);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var severities = Enum.GetNames<IncidentSeverity>();
        var states = Enum.GetNames<IncidentState>();
        var facts = new (DateTimeOffset Created, string Severity, string State)[Incidents + 1];
        for (var id = 1; id <= Incidents; id++)
        {
            facts[id] = (Start.AddMinutes(random.Next(365 * 24 * 60)), severities[random.Next(severities.Length)], states[random.Next(states.Length)]);
        }

        await using (var incidents = await connection.BeginBinaryImportAsync(
            "COPY incidents (\"Id\", \"Title\", \"Description\", \"Severity\", \"State\", \"CreatedAt\", \"UpdatedAt\", \"Version\") FROM STDIN (FORMAT BINARY)"))
        {
            for (long id = 1; id <= Incidents; id++)
            {
                var (created, severity, state) = facts[id];
                await incidents.StartRowAsync();
                await incidents.WriteAsync(id, NpgsqlDbType.Bigint);
                await incidents.WriteAsync($"Benchmark incident {id}", NpgsqlDbType.Varchar);
                await incidents.WriteAsync("", NpgsqlDbType.Varchar);
                await incidents.WriteAsync(severity, NpgsqlDbType.Varchar);
                await incidents.WriteAsync(state, NpgsqlDbType.Varchar);
                await incidents.WriteAsync(created, NpgsqlDbType.TimestampTz);
                await incidents.WriteAsync(created, NpgsqlDbType.TimestampTz);
                await incidents.WriteAsync(1L, NpgsqlDbType.Bigint);
            }

            await incidents.CompleteAsync();
        }

        await using (var rows = await connection.BeginBinaryImportAsync(
            "COPY incident_techniques (\"IncidentId\", \"SourceKey\", \"Tactic\", \"TechniqueId\", \"OriginKind\", \"OriginRef\", \"CreatedBy\", \"CreatedAt\", " +
            "\"IncidentCreatedAt\", \"IncidentSeverity\", \"IncidentState\") FROM STDIN (FORMAT BINARY)"))
        {
            var origins = Enum.GetNames<OriginKind>();
            var picked = new HashSet<int>();
            for (long id = 1; id <= Incidents; id++)
            {
                picked.Clear();
                while (picked.Count < PerIncident)
                {
                    // Squaring a uniform draw skews towards low indexes: a few techniques dominate, as in real incidents.
                    var u = random.NextDouble();
                    picked.Add((int)(TechniquePool * u * u));
                }

                foreach (var index in picked)
                {
                    await rows.StartRowAsync();
                    await rows.WriteAsync(id, NpgsqlDbType.Bigint);
                    await rows.WriteAsync("enterprise-attack@18.1", NpgsqlDbType.Varchar);
                    await rows.WriteAsync(Tactics[index % Tactics.Length], NpgsqlDbType.Varchar);
                    await rows.WriteAsync(index % 3 == 0 ? $"T{1000 + index / 3}.00{index % 7 + 1}" : $"T{1000 + index}", NpgsqlDbType.Varchar);
                    await rows.WriteAsync(origins[index % origins.Length], NpgsqlDbType.Varchar);
                    await rows.WriteAsync("bench", NpgsqlDbType.Varchar);
                    await rows.WriteAsync("bench", NpgsqlDbType.Varchar);
                    await rows.WriteAsync(Start, NpgsqlDbType.TimestampTz);
                    await rows.WriteAsync(facts[id].Created, NpgsqlDbType.TimestampTz);
                    await rows.WriteAsync(facts[id].Severity, NpgsqlDbType.Varchar);
                    await rows.WriteAsync(facts[id].State, NpgsqlDbType.Varchar);
                }
            }

            await rows.CompleteAsync();
        }

        // Autovacuum would do this on a live server; without it the visibility map is empty and no scan is index-only.
        foreach (var table in new[] { "incidents", "incident_techniques" })
        {
            await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection);
            await vacuum.ExecuteNonQueryAsync();
        }
    }
}
