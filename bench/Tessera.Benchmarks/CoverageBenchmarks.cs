using Tessera.Tests.Shared;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Detection.Sigma;
using Tessera.Core.Detection.Validation;
using Tessera.Core.Navigator;
using Tessera.Core.Stix;
using Tessera.Infrastructure;
using Tessera.Infrastructure.Storage;

namespace Tessera.Benchmarks;

/// <summary>
/// Coverage targets: full recompute for 10,000 rules × 2,000 validation runs under 100 ms, layer export under 50 ms,
/// and the whole shared Sigma corpus parsed and stored in a fresh SQLite registry (parsing alone: DetectionBenchmarks).
/// Rules are the 3,754 real SigmaHQ rules repeated with new ids up to 10,000, with mixed validation states.
/// </summary>
[MemoryDiagnoser]
public class CoverageBenchmarks
{
    private CoverageInput _input = null!;
    private CoverageReport _report = null!;
    private SigmaImportResult _parsed = null!;
    private string _dbFolder = "";
    private ServiceProvider? _services;

    [GlobalSetup]
    public void Setup()
    {
        var attack = StixBundleReader.ReadFile(SharedData.Combine("attack", "enterprise-attack-18.1.json")).Collection!;
        _parsed = new SigmaFolderImporter().ImportAsync(SharedData.Combine("sigma"), CancellationToken.None).GetAwaiter().GetResult();
        var now = new DateTimeOffset(2025, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(42);
        var statuses = Enum.GetValues<ValidationStatus>();
        var rules = Enumerable.Range(0, 10_000).Select(i =>
        {
            var status = statuses[random.Next(statuses.Length)];
            var rule = SigmaRuleMapper.ToDetectionRule(_parsed.Rules[i % _parsed.Rules.Count]) with
            {
                Owner = $"team-{i % 7}", Validation = status, LastTested = status == ValidationStatus.Untested ? null : now.AddDays(-random.Next(400)),
            };
            return new RegisteredRule { Id = Guid.NewGuid(), Rule = rule };
        }).ToList();
        var techniques = attack.Techniques.Where(t => t.IsActive).ToList();
        var runs = Enumerable.Range(0, 2_000).Select(i => new ValidationRun
        {
            Id = Guid.NewGuid(), Source = "bench", TestName = $"test {i}", Technique = techniques[i % techniques.Count].Id,
            ExecutedAt = now.AddDays(-random.Next(200)), Outcome = (ValidationOutcome)(i % 4),
        }).ToList();
        _input = new CoverageInput
        {
            Attack = attack, Rules = rules, Runs = runs, Priority = PriorityTechniques.FromGroupUsage(attack),
            DataSources =
            [
                new DataSourceEntry { Id = Guid.NewGuid(), Name = "Sysmon", LogSources = [new LogSourceRequirement("WinEventLog:Sysmon", "")] },
                new DataSourceEntry { Id = Guid.NewGuid(), Name = "Security", LogSources = [new LogSourceRequirement("WinEventLog:Security", "")], Status = DataSourceStatus.Degraded, StatusChangedAt = now.AddDays(-30) },
                new DataSourceEntry { Id = Guid.NewGuid(), Name = "auditd", LogSources = [new LogSourceRequirement("auditd:SYSCALL", "")], Status = DataSourceStatus.Dropped },
                new DataSourceEntry { Id = Guid.NewGuid(), Name = "CloudTrail", LogSources = [new LogSourceRequirement("AWS:CloudTrail", "")] },
            ],
        };
        _report = CoverageEngine.Compute(_input, now);
    }

    [Benchmark]
    public int ComputeCoverage10kRules2kRuns() => CoverageEngine.Compute(_input, _report.ComputedAt).Techniques.Count;

    [Benchmark]
    public int ExportLayer() => LayerWriter.WriteToString(CoverageLayerExporter.ToLayer(_report, AttackDomain.Enterprise), indented: false).Length;

    [IterationSetup(Target = nameof(ImportSigmaCorpusIntoRegistry))]
    public void FreshDatabase()
    {
        _dbFolder = Directory.CreateTempSubdirectory("tessera-bench-").FullName;
        _services = new ServiceCollection().AddTesseraStorage(StorageOptions.Sqlite(Path.Combine(_dbFolder, "bench.db"))).BuildServiceProvider();
        StorageInitializer.MigrateAsync(_services.GetRequiredService<IDbContextFactory<TesseraDbContext>>(), CancellationToken.None).GetAwaiter().GetResult();
    }

    [IterationCleanup(Target = nameof(ImportSigmaCorpusIntoRegistry))]
    public void DropDatabase()
    {
        _services?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dbFolder, recursive: true);
    }

    /// <summary>Parse the 3,754 files and store every rule (with tags and history rows) in one transaction.</summary>
    [Benchmark]
    public async Task<int> ImportSigmaCorpusIntoRegistry()
    {
        var parsed = await new SigmaFolderImporter().ImportAsync(SharedData.Combine("sigma"), CancellationToken.None);
        var result = await new ImportSigmaRulesCommand(_services!.GetRequiredService<IRuleRegistry>()).ExecuteAsync(parsed, false, null, "bench", CancellationToken.None);
        return result.Saved!.Created;
    }
}
