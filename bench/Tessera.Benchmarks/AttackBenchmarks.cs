using Tessera.Tests.Shared;
using BenchmarkDotNet.Attributes;
using Tessera.Core.Attack;
using Tessera.Core.Stix;

namespace Tessera.Benchmarks;

/// <summary>Loading a bundle. Target for Enterprise 18.1 (37 MB, 24,771 objects): under 0.4 s and 250 MB allocated.</summary>
[MemoryDiagnoser]
public class AttackLoadBenchmarks
{
    [Params("enterprise-attack-18.1.json", "ics-attack-18.1.json")]
    public string Bundle { get; set; } = "";

    [Benchmark]
    public int LoadBundle() => StixBundleReader.ReadFile(SharedData.Combine("attack", Bundle)).Collection!.Techniques.Count;
}

/// <summary>Interactive lookups on a loaded Enterprise 18.1 collection (query tables built in setup).</summary>
[MemoryDiagnoser]
public class AttackQueryBenchmarks
{
    private AttackCollection _enterprise = null!;

    [Params("powershel", "midnight blizard", "scheduled task", "T1059")]
    public string Query { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _enterprise = StixBundleReader.ReadFile(SharedData.Combine("attack", "enterprise-attack-18.1.json")).Collection!;
        _enterprise.Search("warm up");
    }

    [Benchmark]
    public TechniqueLookup LookupById() => _enterprise.LookupTechnique("T1059.001");

    [Benchmark]
    public IReadOnlyList<SearchHit> FuzzySearch() => _enterprise.Search(Query);
}
