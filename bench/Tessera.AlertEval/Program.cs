using System.Diagnostics;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Evaluation;
using Tessera.Core.Alerts.Library;
using Tessera.Core.Alerts.Model;

// Accuracy harness for the alert mapper; the protocol is described in docs/ALERT-MAPPING.md.
// Usage: dotnet run -c Release --project bench/Tessera.AlertEval -- [shared-data-path] [--quick | --holdout | --dev=experiment]
var data = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? Tessera.Tests.Shared.SharedData.Path;
var quick = args.Contains("--quick");
var sw = Stopwatch.StartNew();
var kev = AlertMapperFactory.LoadKev(data);
var corpus = TrainingCorpus.Load(data, kev: kev);
Console.WriteLine($"corpus: {corpus.Documents.Count} documents in {sw.ElapsedMilliseconds} ms");
foreach (var g in corpus.Documents.GroupBy(d => d.Source))
{
    Console.WriteLine($"  {g.Key}: {g.Count()}");
}

if (args.FirstOrDefault(a => a.StartsWith("--dev", StringComparison.Ordinal)) is { } dev)
{
    Tessera.AlertEval.Experiments.Run(corpus, kev, dev.Length > 6 ? dev[6..] : "");
    return;
}

const string Et = "sigma/rules-emerging-threats";
List<LabelledAlert> Titles(string group) => corpus.Documents
    .Where(d => d.Source == TrainingSource.Sigma && d.Group == group)
    .Select(LabelledAlert.FromTitle).ToList();

// 1. Emerging-threats hold-out.
sw.Restart();
var build = AlertMapperFactory.Build(corpus, kev, options: new ModelOptions { Exclude = d => d.Group == Et });
Console.WriteLine($"\n[1] train without {Et} (build incl. calibration {build.Elapsed.TotalSeconds:F1} s, T={build.Mapper.Temperature:F3}, rest={build.Mapper.RestScore:F3}, evidence {build.Mapper.Evidence}, confidence map {build.Mapper.ConfidenceMap})");
var et = Titles(Et);
Console.WriteLine($"  mapper (model + rules + KEV): {MappingEvaluator.Evaluate(et, a => build.Mapper.Rank(a, 5), build.Mapper.Newer)}");
Console.WriteLine($"  calibration on these titles: {Tessera.AlertEval.Reliability.Describe(et, build.Mapper)}");
var modelOnly = build.Mapper.Model;
Console.WriteLine($"  model only:                   {MappingEvaluator.Evaluate(et, a => modelOnly.Rank(a.Title, 5, false).Select(c => c.TechniqueId).ToList())}");

if (args.Contains("--errors"))
{
    // One line per hold-out title: hit marks (top-1, top-5), gold, first five suggestions.
    foreach (var k in new[] { 1, 5, 10, 20, 40 })
    {
        var recall = et.Count(a => build.Mapper.Rank(a.Alert, k).Any(p => a.Gold.Any(g => MappingEvaluator.MatchesWithParentCredit(p, g))));
        Console.WriteLine($"  mapper recall@{k}: {recall / (double)et.Count:F3}");
    }

    foreach (var a in et)
    {
        var ranked = build.Mapper.Rank(a.Alert, 5);
        var r1 = MappingEvaluator.Evaluate([a], _ => ranked);
        Console.WriteLine($"{(r1.Top1 > 0 ? "1" : r1.Top5 > 0 ? "5" : "-")}\t{string.Join(",", a.Gold)}\t{string.Join(",", ranked)}\t{a.Alert.Title}");
    }
}

if (args.Contains("--holdout") || args.Contains("--errors"))
{
    return;
}

// 2. Leave-one-top-folder-out over Sigma.
if (!quick)
{
    Console.WriteLine("\n[2] leave-one-Sigma-folder-out (train without the folder, test on its titles)");
    var groups = corpus.Documents.Where(d => d.Source == TrainingSource.Sigma).Select(d => d.Group).Distinct().Order().ToList();
    int n = 0; double t1 = 0, t5 = 0, e1 = 0;
    foreach (var group in groups)
    {
        var fold = AlertMapperFactory.Build(corpus, kev, options: new ModelOptions { Exclude = d => d.Group == group }, calibrate: false);
        var test = Titles(group);
        var r = MappingEvaluator.Evaluate(test, a => fold.Mapper.Rank(a, 5));
        Console.WriteLine($"  {group,-34} {r}");
        n += r.Alerts; t1 += r.Top1 * r.Alerts; t5 += r.Top5 * r.Alerts; e1 += r.ExactTop1 * r.Alerts;
    }

    Console.WriteLine($"  micro-average over {n} titles: top1={t1 / n:F3} top5={t5 / n:F3} exact-top1={e1 / n:F3}");
}

// 3. Library replay: emerging-threats titles twice, then variants (other versions/hosts, and reworded suffixes).
Console.WriteLine("\n[3] library replay over emerging-threats titles (prediction before learning each line)");
var library = new AlertLibrary(new InMemoryAlertLibraryStore(), TimeProvider.System);
var replayMapper = build.Mapper.WithLibrary(library);
var variants = et.Select(a => a with { Alert = Alert.FromTitle(a.Alert.Title + " v2.4.1 from 10.1.2.3") }).ToList();
var reworded = et.Select(a => a with { Alert = Alert.FromTitle(a.Alert.Title + " Attempt Variant") }).ToList();
var variants2 = et.Select(a => a with { Alert = Alert.FromTitle(a.Alert.Title + " v3.0.7 from 192.168.7.7") }).ToList();
foreach (var (name, pass) in new[]
{
    ("pass 1 (empty library)", et), ("pass 2 (same titles)", et),
    ("pass 3 (suffix ' v2.4.1 from 10.1.2.3': near duplicates)", variants),
    ("pass 4 (suffix ' v3.0.7 from 192.168.7.7': same signature as pass 3)", variants2),
    ("pass 5 (suffix ' Attempt Variant': near duplicates of pass 1)", reworded),
})
{
    var report = await LibraryReplayer.ReplayAsync(replayMapper, pass, 100, "replay", CancellationToken.None);
    Console.WriteLine($"  {name}: {report.Overall}  top origins: {string.Join(", ", report.TopOrigins.Select(o => $"{o.Key}={o.Value}"))}");
    foreach (var w in report.Windows)
    {
        Console.WriteLine($"    lines {w.From,4}-{w.To,4}: top1={w.Report.Top1:F3} top5={w.Report.Top5:F3}");
    }
}

// 4. Speed and memory (Stopwatch; BenchmarkDotNet figures in bench/Tessera.Benchmarks/AlertMappingBenchmarks.cs).
Console.WriteLine("\n[4] speed");
GC.Collect();
var before = GC.GetTotalMemory(true);
sw.Restart();
var full = AlertMapperFactory.Build(data);
Console.WriteLine($"  full build from disk incl. calibration: {sw.Elapsed.TotalSeconds:F1} s; T={full.Mapper.Temperature:F3}, rest={full.Mapper.RestScore:F3}, evidence {full.Mapper.Evidence}");
GC.Collect();
Console.WriteLine($"  managed heap after build (mapper alive): {(GC.GetTotalMemory(true) - before) / 1048576.0:F0} MB; process working set {Environment.WorkingSet / 1048576.0:F0} MB");
var titles = et.Select(a => a.Alert).ToArray();
foreach (var threads in new[] { 1, 2 })
{
    foreach (var explain in new[] { false, true })
    {
        var rounds = 30;
        sw.Restart();
        Parallel.For(0, rounds * titles.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var a = titles[i % titles.Length];
            if (explain) { full.Mapper.Map(a, 5); } else { full.Mapper.Rank(a, 5); }
        });
        Console.WriteLine($"  {(explain ? "Map (explained)" : "Rank (ids)"),-16} {threads} thread(s): {rounds * titles.Length / sw.Elapsed.TotalSeconds:N0} alerts/s");
    }
}

var lib = new AlertLibrary(new InMemoryAlertLibraryStore(), TimeProvider.System);
foreach (var a in titles) { await lib.ConfirmAsync(a.Title, "speed", ["T1190"], CancellationToken.None); }
sw.Restart();
var hits = 0;
for (var r = 0; r < 500; r++) { foreach (var a in titles) { hits += lib.FindExact(AlertSignature.Normalize(a.Title)) is null ? 0 : 1; } }
Console.WriteLine($"  library exact lookups (normalise + lookup), 1 thread: {hits / sw.Elapsed.TotalSeconds:N0}/s");
