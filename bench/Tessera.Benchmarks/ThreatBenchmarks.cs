using Tessera.Tests.Shared;
using BenchmarkDotNet.Attributes;
using Tessera.Core.Attack;
using Tessera.Core.Stix;
using Tessera.Core.Threats;

namespace Tessera.Benchmarks;

/// <summary>
/// Issue #6 target: the prioritized target set for 20 groups and coverage against it under 50 ms, on Enterprise
/// 18.1. The 20 groups are the ones with the most techniques (worst case); coverage marks every third technique
/// validated and every fifth partial. <see cref="ProfilesAndTargetSet"/> adds extracting all group profiles from
/// the release, for a cold call with no cached profiles.
/// </summary>
[MemoryDiagnoser]
public class ThreatBenchmarks
{
    private AttackCollection _enterprise = null!;
    private IReadOnlyList<ThreatProfile> _profiles = null!;
    private List<ThreatProfile> _twenty = null!;
    private ITechniqueCoverageLookup _coverage = null!;
    private TargetSetBuilder _builder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _enterprise = StixBundleReader.ReadFile(SharedData.Combine("attack", "enterprise-attack-18.1.json")).Collection!;
        _profiles = ThreatProfiles.FromAttack(_enterprise);
        _twenty = _profiles.Where(p => p.Kind == ThreatProfileKind.Group).OrderByDescending(p => p.Techniques.Count).Take(20).ToList();
        var levels = _enterprise.Techniques.Select((t, i) => (t.AttackId, Level: i % 3 == 0 ? TechniqueCoverageLevel.Validated : i % 5 == 0 ? TechniqueCoverageLevel.Partial : TechniqueCoverageLevel.None))
            .Where(x => TechniqueId.TryParse(x.AttackId, out _))
            .GroupBy(x => TechniqueId.Parse(x.AttackId))
            .ToDictionary(g => g.Key, g => g.First().Level);
        _coverage = TechniqueCoverageLookup.From(levels);
        _builder = new TargetSetBuilder(TimeProvider.System, _enterprise);
    }

    [Benchmark]
    public double TargetSetAndCoverage20Groups() =>
        ThreatCoverage.Evaluate(_builder.BuildActorTargeted(_twenty), _coverage).Overall.WeightedCoveredPercent;

    [Benchmark]
    public double HybridTargetSetAndCoverage() =>
        ThreatCoverage.Evaluate(_builder.BuildHybrid(_twenty, _profiles, new TagFilter { Sectors = ["financial"] }), _coverage).Overall.CoveredPercent;

    [Benchmark]
    public double ProfilesAndTargetSet()
    {
        var profiles = ThreatProfiles.FromAttack(_enterprise);
        var ids = _twenty.Select(p => p.Id).ToHashSet();
        return ThreatCoverage.Evaluate(_builder.BuildActorTargeted(profiles.Where(p => ids.Contains(p.Id))), _coverage).Overall.CoveredPercent;
    }
}
