using BenchmarkDotNet.Attributes;
using Tessera.Core.Attack;
using Tessera.Core.Stix;

namespace Tessera.Benchmarks;

/// <summary>
/// Loading an ATT&amp;CK bundle (target: Enterprise 18.1, 37 MB, under 0.4 s and 250 MB allocated) and
/// the interactive lookups the web UI makes on a loaded collection.
/// </summary>
[MemoryDiagnoser]
public class AttackBenchmarks
{
    private AttackCollection _enterprise = null!;

    [Params("enterprise-attack-18.1.json", "ics-attack-18.1.json")]
    public string Bundle { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _enterprise = StixBundleReader.ReadFile(BenchData.Combine("attack", "enterprise-attack-18.1.json")).Collection!;

    [Benchmark]
    public int LoadBundle() => StixBundleReader.ReadFile(BenchData.Combine("attack", Bundle)).Report.ObjectsRead;

    [Benchmark]
    public Technique? FindTechniqueById() => _enterprise.FindTechnique("T1059.001");
}
