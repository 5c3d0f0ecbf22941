using System.Diagnostics;
using Tessera.Core.Alerts.Model;

var data = args.Length > 0 ? args[0] : FindData();
var sw = Stopwatch.StartNew();
var corpus = TrainingCorpus.Load(data);
Console.WriteLine($"corpus {corpus.Documents.Count} docs in {sw.ElapsedMilliseconds} ms");
foreach (var g in corpus.Documents.GroupBy(d => d.Source)) Console.WriteLine($"  {g.Key}: {g.Count()}");
var test = corpus.Documents.Where(d => d.Group == "sigma/rules-emerging-threats").ToList();
var baseOpt = new ModelOptions { Exclude = d => d.Group == "sigma/rules-emerging-threats" };
var configs = new (string, ModelOptions)[] {
  ("base", baseOpt),
  ("noprior", baseOpt with { PriorWeight = 0 }),
  ("fb0", baseOpt with { FamilyBonus = 0 }),
  ("fb.6", baseOpt with { FamilyBonus = 0.6f }),
  ("share1", baseOpt with { SubtechniqueShare = 1.01f }),
  ("k25", baseOpt with { Neighbours = 25 }),
  ("nw2", baseOpt with { NeighbourWeight = 2f }),
};
foreach (var (name, opt) in configs)
{
    sw.Restart();
    var model = TechniqueModelBuilder.Build(corpus, opt);
    var build = sw.ElapsedMilliseconds;
    int top1 = 0, top5 = 0;
    foreach (var d in test)
    {
        var ranked = model.Rank(d.Display, 5, explain: false);
        bool Match(string p) => d.Labels.Any(g => g == p || g == p[..5] || g[..5] == p);
        if (ranked.Count > 0 && Match(ranked[0].TechniqueId)) top1++;
        if (ranked.Any(r => Match(r.TechniqueId))) top5++;
        else if (name == "base" && Environment.GetEnvironmentVariable("SHOWFAIL") == "1") Console.WriteLine($"  MISS {d.Display} | gold {string.Join(",", d.Labels)} | got {string.Join(",", ranked.Take(3).Select(r => r.TechniqueId))}");
    }
    Console.WriteLine($"{name,-10} build {build} ms  ET n={test.Count} top1={top1 / (double)test.Count:F3} top5={top5 / (double)test.Count:F3}");
}

static string FindData()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        var c = Path.Combine(dir.FullName, "shared", "data");
        if (Directory.Exists(c)) return c;
    }
    throw new DirectoryNotFoundException("shared/data");
}
