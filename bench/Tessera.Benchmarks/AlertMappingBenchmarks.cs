using Tessera.Tests.Shared;
using BenchmarkDotNet.Attributes;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Library;
using Tessera.Core.Alerts.Model;

namespace Tessera.Benchmarks;

/// <summary>
/// Alert mapping throughput over the 364 tagged emerging-threats Sigma titles (one op = all titles).
/// Run: dotnet run -c Release --project bench/Tessera.Benchmarks -- --filter '*AlertMapping*' --job short
/// </summary>
[MemoryDiagnoser]
public class AlertMappingBenchmarks
{
    private AlertMapper _mapper = null!;
    private AlertLibrary _library = null!;
    private Alert[] _alerts = [];

    [GlobalSetup]
    public void Setup()
    {
        var kev = AlertMapperFactory.LoadKev(SharedData.Path);
        var corpus = TrainingCorpus.Load(SharedData.Path, kev: kev);
        _mapper = AlertMapperFactory.Build(corpus, kev, calibrate: false).Mapper;
        _alerts = corpus.Documents.Where(d => d.Group == "sigma/rules-emerging-threats").Select(d => Alert.FromTitle(d.Display)).ToArray();
        _library = new AlertLibrary(new InMemoryAlertLibraryStore(), TimeProvider.System);
        foreach (var a in _alerts)
        {
            _library.ConfirmAsync(a.Title, "bench", ["T1190"], CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    /// <summary>Ranking only (IDs), single thread.</summary>
    [Benchmark]
    public int RankTitles()
    {
        var n = 0;
        foreach (var a in _alerts)
        {
            n += _mapper.Rank(a, 5).Count;
        }

        return n;
    }

    /// <summary>Full mapping with explanations, parts and summary, single thread.</summary>
    [Benchmark]
    public int MapTitles()
    {
        var n = 0;
        foreach (var a in _alerts)
        {
            n += _mapper.Map(a, 5).Techniques.Count;
        }

        return n;
    }

    /// <summary>Ranking on two threads (the target machine's core count).</summary>
    [Benchmark]
    public int RankTitlesTwoThreads()
    {
        var n = 0;
        Parallel.For(0, _alerts.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => Interlocked.Add(ref n, _mapper.Rank(_alerts[i], 5).Count));
        return n;
    }

    /// <summary>Library exact lookups including signature normalisation of the title.</summary>
    [Benchmark]
    public int LibraryExactHits()
    {
        var n = 0;
        foreach (var a in _alerts)
        {
            n += _library.FindExact(AlertSignature.Normalize(a.Title)) is null ? 0 : 1;
        }

        return n;
    }
}

/// <summary>Model build time and allocation from the shared data (corpus loading included).</summary>
[MemoryDiagnoser]
public class AlertModelBuildBenchmarks
{
    [Benchmark]
    public int BuildModel() => AlertMapperFactory.Build(SharedData.Path, calibrate: false).Mapper.Model.Techniques.Count;
}
