using System.Diagnostics;
using Tessera.Core.Alerts.Model;

var data = args.Length > 0 ? args[0] : FindData();
var sw = Stopwatch.StartNew();
var corpus = TrainingCorpus.Load(data);
Console.WriteLine($"corpus {corpus.Documents.Count} docs in {sw.ElapsedMilliseconds} ms");
foreach (var g in corpus.Documents.GroupBy(d => d.Source)) Console.WriteLine($"  {g.Key}: {g.Count()}");
sw.Restart();
var model = TechniqueModelBuilder.Build(corpus, new ModelOptions { Exclude = d => d.Group == "sigma/rules-emerging-threats" });
Console.WriteLine($"model {model.Techniques.Count} classes, {model.FeatureCount} features in {sw.ElapsedMilliseconds} ms");
var test = corpus.Documents.Where(d => d.Group == "sigma/rules-emerging-threats").ToList();
int top1 = 0, top5 = 0;
foreach (var d in test)
{
    var ranked = model.Rank(d.Display, 5, explain: false);
    bool Match(string p) => d.Labels.Any(g => g == p || g == p[..5] || g[..5] == p);
    if (ranked.Count > 0 && Match(ranked[0].TechniqueId)) top1++;
    if (ranked.Any(r => Match(r.TechniqueId))) top5++;
}
Console.WriteLine($"ET titles n={test.Count} top1={top1 / (double)test.Count:F3} top5={top5 / (double)test.Count:F3}");

static string FindData()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        var c = Path.Combine(dir.FullName, "shared", "data");
        if (Directory.Exists(c)) return c;
    }
    throw new DirectoryNotFoundException("shared/data");
}
