using Tessera.Tests.Shared;
using BenchmarkDotNet.Attributes;
using Tessera.Core.Detection.Atomic;
using Tessera.Core.Detection.Sigma;

namespace Tessera.Benchmarks;

/// <summary>Sigma import of the shared SigmaHQ snapshot (3,754 files; target under 2 s on the 2-core build machine) and the Atomic catalogue.</summary>
[MemoryDiagnoser]
public class DetectionBenchmarks
{
    private readonly string _sigma = SharedData.Combine("sigma");
    private readonly string _oneRule = File.ReadAllText(SharedData.Combine("sigma", "rules", "windows", "process_creation", "proc_creation_win_whoami_all_execution.yml"));

    [Benchmark]
    public async Task<int> ImportSigmaCorpus()
    {
        var result = await new SigmaFolderImporter().ImportAsync(_sigma, CancellationToken.None);
        return result.Rules.Count;
    }

    [Benchmark]
    public int ParseOneRule() => new SigmaRuleParser().Parse(_oneRule, "whoami.yml").Rules.Count;

    [Benchmark]
    public async Task<int> ReadAtomicFolder()
    {
        var result = await AtomicCatalogReader.ReadFolderAsync(SharedData.Combine("atomic-red-team", "atomics"), CancellationToken.None);
        return result.Catalog.TestCount;
    }
}
