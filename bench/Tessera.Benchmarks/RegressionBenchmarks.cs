using Tessera.Tests.Shared;
using BenchmarkDotNet.Attributes;
using Tessera.Core.Backlog;
using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Detection.Sigma;
using Tessera.Core.Stix;

namespace Tessera.Benchmarks;

/// <summary>
/// Regression detection after a bulk change of 1,000 rules (target &lt; 200 ms): 5,000 real SigmaHQ rules (repeated
/// with new ids), 1,000 of them validated and then disabled in one change. Measured: recomputing coverage after the
/// change plus detecting the regressions (what the API hook does after a write), detection alone, and the backlog
/// reconciliation of the result against 100 existing items.
/// </summary>
[MemoryDiagnoser]
public class RegressionBenchmarks
{
    private CoverageInput _after = null!;
    private CoverageReport _beforeReport = null!;
    private CoverageReport _afterReport = null!;
    private IReadOnlyList<BacklogItem> _items = [];
    private readonly DateTimeOffset _now = new(2025, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly RegressionContext Change = new(Guid.NewGuid(), "bench", null);

    [GlobalSetup]
    public void Setup()
    {
        var attack = StixBundleReader.ReadFile(SharedData.Combine("attack", "enterprise-attack-18.1.json")).Collection!;
        var parsed = new SigmaFolderImporter().ImportAsync(SharedData.Combine("sigma"), CancellationToken.None).GetAwaiter().GetResult();
        var rules = Enumerable.Range(0, 5_000).Select(i => new RegisteredRule
        {
            Id = Guid.NewGuid(),
            Rule = SigmaRuleMapper.ToDetectionRule(parsed.Rules[i % parsed.Rules.Count]) with
            {
                Validation = i < 1_000 ? ValidationStatus.TestedPassing : ValidationStatus.Untested, LastTested = i < 1_000 ? _now.AddDays(-10) : null,
            },
        }).ToList();
        var before = new CoverageInput
        {
            Attack = attack, Rules = rules, Priority = PriorityTechniques.FromGroupUsage(attack),
            DataSources =
            [
                new DataSourceEntry { Id = Guid.NewGuid(), Name = "Sysmon", LogSources = [new LogSourceRequirement("WinEventLog:Sysmon", "")] },
                new DataSourceEntry { Id = Guid.NewGuid(), Name = "Security", LogSources = [new LogSourceRequirement("WinEventLog:Security", "")] },
            ],
        };
        _after = before with { Rules = rules.Select((r, i) => i < 1_000 ? r with { Rule = r.Rule with { Enabled = false } } : r).ToList() };
        _beforeReport = CoverageEngine.Compute(before, _now);
        _afterReport = CoverageEngine.Compute(_after, _now);
        _items = BacklogReconciler.Plan(_beforeReport, [], Guid.NewGuid).Create.Take(100).ToList();
        Console.WriteLine($"// {RegressionDetector.Detect(_beforeReport, _afterReport, Change).Count} techniques regress after disabling 1,000 validated rules");
    }

    [Benchmark]
    public int RecomputeAndDetectAfter1000RulesDisabled() =>
        RegressionDetector.Detect(_beforeReport, CoverageEngine.Compute(_after, _now), Change).Count;

    [Benchmark]
    public int DetectOnly() => RegressionDetector.Detect(_beforeReport, _afterReport, Change).Count;

    [Benchmark]
    public int ReconcileBacklog() => BacklogReconciler.Plan(_afterReport, _items, Guid.NewGuid).Create.Count;
}
