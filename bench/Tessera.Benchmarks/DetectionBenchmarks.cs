using BenchmarkDotNet.Attributes;
using Tessera.Core.Detection.Sigma;

namespace Tessera.Benchmarks;

/// <summary>Sigma import of the shared SigmaHQ snapshot (3,754 files). Target: under 2 s on the 2-core build machine.</summary>
[MemoryDiagnoser]
public class DetectionBenchmarks
{
    private readonly string _sigma = BenchData.Combine("sigma");
    private readonly string _oneRule = File.ReadAllText(BenchData.Combine("sigma", "rules", "windows", "process_creation", "proc_creation_win_whoami_all_execution.yml"));

    [Benchmark]
    public async Task<int> ImportSigmaCorpus()
    {
        var result = await new SigmaFolderImporter().ImportAsync(_sigma, CancellationToken.None);
        return result.Rules.Count;
    }

    [Benchmark]
    public int ParseOneRule() => new SigmaRuleParser().Parse(_oneRule, "whoami.yml").Rules.Count;
}
