using System.Diagnostics;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Decomposition;
using Tessera.Core.Alerts.Evaluation;
using Tessera.Core.Alerts.Model;
using Tessera.Core.Attack;

namespace Tessera.AlertEval;

/// <summary>
/// Model selection without the test set: four folds inside the training data (emerging-threats is never
/// trained on nor tested here). Folds lean towards other rule families than the training majority, like
/// alerts from other vendors: threat-hunting, linux+macos, cloud/application/identity/network/web, and a
/// deterministic quarter of the Windows rules. Each fold model is trained without its fold and tested on its titles.
/// </summary>
internal static class Dev
{
    public const string EmergingThreats = "sigma/rules-emerging-threats";

    private static readonly (string Name, Func<TrainingDocument, bool> In)[] Folds =
    [
        ("threat-hunting", d => d.Group == "sigma/rules-threat-hunting"),
        ("linux+macos", d => d.Group is "sigma/rules/linux" or "sigma/rules/macos"),
        ("cloud+app+net+web", d => d.Group is "sigma/rules/cloud" or "sigma/rules/application" or "sigma/rules/identity"
            or "sigma/rules/network" or "sigma/rules/web" or "sigma/rules/category"),
        ("windows-quarter", d => d.Group == "sigma/rules/windows" && StableHash(d.Display) % 4 == 0),
    ];

    public static IReadOnlyList<(string Name, Func<TrainingDocument, bool> In)> FoldList => Folds;

    public static int StableHash(string text)
    {
        var h = 2166136261u;
        foreach (var c in text)
        {
            h = (h ^ c) * 16777619u;
        }

        return (int)(h & 0x7fffffff);
    }

    /// <summary>Builds the four fold models for <paramref name="build"/>, then scores each query-time variant on them.</summary>
    public static void Run(TrainingCorpus corpus, KevMappings kev, string name, ModelOptions build,
        IReadOnlyList<(string Name, ModelOptions Query)> variants) =>
        RunWithEntities(corpus, kev, name, build, variants.Select(v => (v.Name, v.Query, (AttackEntityIndex?)null)).ToList());

    /// <summary>As above; a variant with an entity index scores the mapper with those ATT&amp;CK group/software weights.</summary>
    public static void RunWithEntities(TrainingCorpus corpus, KevMappings kev, string name, ModelOptions build,
        IReadOnlyList<(string Name, ModelOptions Query, AttackEntityIndex? Entities)> variants,
        IReadOnlyList<(string Name, Func<TrainingDocument, bool> In)>? folds = null,
        IReadOnlyList<(string Name, Func<AlertMapper, AlertMapper> Tweak)>? mapperVariants = null)
    {
        var decomposer = new AlertDecomposer(kev, AttackEntityIndex.Build(corpus.Attack, AlertMapperFactory.DetectableFamilies(corpus, x => x.Group == Dev.EmergingThreats)));
        var models = new List<(TechniqueModel Model, List<LabelledAlert> Test)>();
        var sw = Stopwatch.StartNew();
        foreach (var (_, inFold) in folds ?? Folds)
        {
            var model = TechniqueModelBuilder.Build(corpus, build with { Exclude = d => d.Group == EmergingThreats || inFold(d) || (build.Exclude?.Invoke(d) ?? false) });
            // Sigma titles, or for a fold of another source (Atomic test names) its alert-like display texts.
            var test = corpus.Documents.Where(d => (d.Source == TrainingSource.Sigma || (folds is not null && d.AlertLike && d.Display.Length > 0)) && inFold(d))
                .Select(LabelledAlert.FromTitle).ToList();
            models.Add((model, test));
        }

        Console.WriteLine($"== {name}: 4 fold builds {sw.Elapsed.TotalSeconds:F1} s");
        var all = variants.Select(v => (v.Name, v.Query, v.Entities, Tweak: (Func<AlertMapper, AlertMapper>)(m => m)))
            .Prepend(("build options", build, null, m => m))
            .Concat((mapperVariants ?? []).Select(v => (v.Name, build, (AttackEntityIndex?)null, v.Tweak)));
        foreach (var (variant, query, entities, tweak) in all)
        {
            var d = entities is null ? decomposer : decomposer.WithEntities(entities);
            var line = new List<string>();
            int n = 0; double m1 = 0, m5 = 0, o1 = 0, o5 = 0, e1 = 0;
            foreach (var (model, test) in models)
            {
                var m = model.WithQueryOptions(query);
                var mapper = tweak(new AlertMapper(m, d, corpus.Attack) { Newer = build.MergeRenumbered ? corpus.Newer : NewerTechniques.Empty });
                var r = MappingEvaluator.Evaluate(test, a => mapper.Rank(a, 5), mapper.Newer);
                var o = MappingEvaluator.Evaluate(test, a => m.Rank(a.Title, 5, false).Select(c => c.TechniqueId).ToList(), mapper.Newer);
                line.Add($"{r.Top1:F3}/{r.Top5:F3}");
                n += r.Alerts; m1 += r.Top1 * r.Alerts; m5 += r.Top5 * r.Alerts; o1 += o.Top1 * r.Alerts; o5 += o.Top5 * r.Alerts; e1 += r.ExactTop1 * r.Alerts;
            }

            Console.WriteLine($"  {variant,-40} mapper {m1 / n:F3}/{m5 / n:F3} exact1 {e1 / n:F3}  model {o1 / n:F3}/{o5 / n:F3}  folds {string.Join(" ", line)}");
        }
    }

    /// <summary>
    /// The full <see cref="AlertMapperFactory"/> build per fold (fold and emerging-threats excluded from training and from
    /// the calibration folders), so fitted evidence weights and the confidence map are part of what is measured.
    /// </summary>
    public static void RunPipeline(TrainingCorpus corpus, KevMappings kev)
    {
        int n = 0; double m1 = 0, m5 = 0, ece = 0;
        var line = new List<string>();
        var sw = Stopwatch.StartNew();
        foreach (var (name, inFold) in Folds)
        {
            var build = AlertMapperFactory.Build(corpus, kev, options: new ModelOptions { Exclude = d => d.Group == EmergingThreats || inFold(d) });
            var test = corpus.Documents.Where(d => d.Source == TrainingSource.Sigma && inFold(d))
                .Select(LabelledAlert.FromTitle).ToList();
            var r = MappingEvaluator.Evaluate(test, a => build.Mapper.Rank(a, 5), build.Mapper.Newer);
            var foldEce = Reliability.Measure(test, build.Mapper).Ece;
            line.Add($"{name} {r.Top1:F3}/{r.Top5:F3} ECE {foldEce:F3}");
            n += r.Alerts; m1 += r.Top1 * r.Alerts; m5 += r.Top5 * r.Alerts; ece += foldEce * r.Alerts;
        }

        Console.WriteLine($"== pipeline ({sw.Elapsed.TotalSeconds:F0} s): mapper {m1 / n:F3}/{m5 / n:F3}, ECE {ece / n:F3} (alert-weighted); {string.Join("; ", line)}");
    }

    /// <summary>Prints each title of the named fold with hit mark, gold and the mapper's first five (error analysis on dev data only).</summary>
    public static void PrintErrors(TrainingCorpus corpus, KevMappings kev, string foldName) =>
        PrintErrors(corpus, kev, Folds.Single(f => f.Name == foldName).In, d => d.Source == TrainingSource.Sigma);

    /// <summary>One line per test text of a fold (trained without it): hit mark, gold, first five suggestions, title.</summary>
    public static void PrintErrors(TrainingCorpus corpus, KevMappings kev, Func<TrainingDocument, bool> inFold, Func<TrainingDocument, bool> isTest)
    {
        var build = AlertMapperFactory.Build(corpus, kev, options: new ModelOptions { Exclude = d => d.Group == EmergingThreats || inFold(d) }, calibrate: false);
        foreach (var d in corpus.Documents.Where(d => isTest(d) && inFold(d)))
        {
            var ranked = build.Mapper.Rank(Alert.FromTitle(d.Display), 5);
            var hit = MappingEvaluator.Evaluate([LabelledAlert.FromTitle(d)], _ => ranked, build.Mapper.Newer);
            Console.WriteLine($"{(hit.Top1 > 0 ? "1" : hit.Top5 > 0 ? "5" : "-")}\t{d.Group}\t{string.Join(",", d.Labels)}\t{string.Join(",", ranked)}\t{d.Display}");
        }
    }
}
