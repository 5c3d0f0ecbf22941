using Tessera.Core.Alerts.Evaluation;
using Tessera.Core.Alerts.Model;

namespace Tessera.AlertEval;

/// <summary>
/// How well do Sigma authors agree with each other on the techniques of the same title? No model is involved: for
/// each rule whose title has a near-twin among the other rules (word Jaccard ≥ a threshold), the twin's tags, in the
/// order its author wrote them, are scored as the prediction with the evaluator's rules (parent credit, renumbered
/// techniques). This estimates what reading a title can reach on this gold at best, since a reader who had seen the
/// twin labelled by another author can do no better than repeat it unless the title says more.
/// </summary>
internal static class Agreement
{
    public static void Run(TrainingCorpus corpus)
    {
        var rules = corpus.Documents.Where(d => d.Source == TrainingSource.Sigma && d.Labels.Count > 0).ToList();
        var words = rules.Select(r => Words(r.Display)).ToList();
        var index = new Dictionary<string, List<int>>();
        for (var i = 0; i < rules.Count; i++)
        {
            foreach (var w in words[i])
            {
                (index.TryGetValue(w, out var list) ? list : index[w] = []).Add(i);
            }
        }

        // Each rule's best twin (highest Jaccard, then the first in file order).
        var twin = new (int Other, double Jaccard)[rules.Count];
        for (var i = 0; i < rules.Count; i++)
        {
            var shared = new Dictionary<int, int>();
            foreach (var w in words[i])
            {
                foreach (var j in index[w])
                {
                    if (j != i)
                    {
                        shared[j] = shared.GetValueOrDefault(j) + 1;
                    }
                }
            }

            twin[i] = (-1, 0);
            foreach (var (j, n) in shared)
            {
                var jaccard = n / (double)(words[i].Count + words[j].Count - n);
                if (jaccard > twin[i].Jaccard)
                {
                    twin[i] = (j, jaccard);
                }
            }
        }

        Console.WriteLine($"== agreement: {rules.Count} Sigma rules with tags; the best twin's tags scored as the prediction");
        foreach (var threshold in new[] { 1.0, 0.8, 0.6 })
        {
            foreach (var (scope, keep) in new (string, Func<int, int, bool>)[]
            {
                ("any folder", (_, _) => true),
                ("other folder", (i, j) => rules[i].Group != rules[j].Group),
                ("emerging-threats, twin outside it", (i, j) => rules[i].Group == Dev.EmergingThreats && rules[j].Group != Dev.EmergingThreats),
            })
            {
                var pairs = Enumerable.Range(0, rules.Count)
                    .Where(i => twin[i].Other >= 0 && twin[i].Jaccard >= threshold - 1e-9 && keep(i, twin[i].Other)).ToList();
                if (pairs.Count == 0)
                {
                    continue;
                }

                var test = pairs.Select(i => LabelledAlert.FromTitle(rules[i])).ToList();
                // Evaluate asks for the predictions in the order of the alerts.
                var next = 0;
                var r = MappingEvaluator.Evaluate(test, _ => rules[twin[pairs[next++]].Other].Labels, corpus.Newer);
                var disjoint = pairs.Count(i => !rules[twin[i].Other].Labels.Any(p => rules[i].Labels.Any(g => MappingEvaluator.MatchesWithParentCredit(p, g, corpus.Newer))));
                Console.WriteLine($"  Jaccard >= {threshold:F1}, {scope,-36} rules {pairs.Count,5}  twin's first tag {r.Top1:F3}  any of its tags {r.Top5:F3}  exact first {r.ExactTop1:F3}  no shared family {disjoint}");
            }
        }

        // How novel each test set is: its titles with a twin (Jaccard >= 0.6) among the rules a model for it trains on.
        foreach (var (name, inFold) in Dev.FoldList.Append(("emerging-threats (hold-out)", d => d.Group == Dev.EmergingThreats)))
        {
            var test = Enumerable.Range(0, rules.Count).Where(i => inFold(rules[i])).ToList();
            var outside = Enumerable.Range(0, rules.Count).Where(j => !inFold(rules[j]) && rules[j].Group != Dev.EmergingThreats).ToList();
            var withTwin = test.Count(i => outside.Any(j => Jaccard(words[i], words[j]) >= 0.6));
            Console.WriteLine($"  {name,-28} titles {test.Count,4}, with a twin >= 0.6 in its training rules {withTwin,4} ({withTwin / (double)test.Count:P1})");
        }

        Console.WriteLine("  examples (identical titles, no shared family):");
        foreach (var i in Enumerable.Range(0, rules.Count).Where(i => twin[i].Jaccard >= 1 - 1e-9 && i < twin[i].Other
                     && !rules[twin[i].Other].Labels.Any(p => rules[i].Labels.Any(g => MappingEvaluator.MatchesWithParentCredit(p, g, corpus.Newer)))).Take(15))
        {
            var j = twin[i].Other;
            Console.WriteLine($"    {rules[i].Display} | {rules[i].Group}: {string.Join(",", rules[i].Labels)} | {rules[j].Group}: {string.Join(",", rules[j].Labels)}");
        }
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        var n = a.Count(b.Contains);
        return n / (double)(a.Count + b.Count - n);
    }

    // Lower-case words of two or more characters.
    private static HashSet<string> Words(string title) =>
        Tessera.Core.Text.Words.LowerCase(title).Where(w => w.Length >= 2).ToHashSet(StringComparer.Ordinal);
}
