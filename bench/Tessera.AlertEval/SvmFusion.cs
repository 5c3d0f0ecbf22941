using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Decomposition;
using Tessera.Core.Alerts.Evaluation;
using Tessera.Core.Alerts.Model;

namespace Tessera.AlertEval;

/// <summary>
/// Bound before building: would the reference SVM's margins, added to the whole mapper's suggestions, rank better on
/// the dev folds? Each fold: the factory's mapper and the SVM, both trained without the fold and emerging-threats.
/// </summary>
internal static class SvmFusion
{
    private delegate List<string> Fusion(IReadOnlyList<TechniqueSuggestion> mapped, Func<string, double> svm, Func<string, int> svmRank, IReadOnlyList<string> svmTop);

    public static void Run(TrainingCorpus corpus, KevMappings kev)
    {
        var variants = new List<(string Name, Fusion Fuse)>
        {
            ("mapper alone", (m, _, _, _) => m.Take(5).Select(s => s.Id).ToList()),
            ("svm alone", (_, _, _, svmTop) => svmTop.Take(5).ToList()),
        };
        foreach (var lambda in new[] { 0.3, 0.5, 1.0 })
        {
            variants.Add(($"rrf svm x{lambda}", (m, _, svmRank, svmTop) => Fuse(m, svmTop, (id, mr) => 1.0 / (mr + 2) + lambda / (svmRank(id) + 2))));
        }

        foreach (var lambda in new[] { 0.05, 0.1, 0.2, 0.4 })
        {
            variants.Add(($"conf + {lambda} x (margin+1)+", (m, svm, _, svmTop) => Fuse(m, svmTop,
                (id, mr) => (mr < m.Count ? m[mr].Confidence : 0) + lambda * Math.Max(svm(id) + 1, 0))));
        }

        var totals = new double[variants.Count, 2];
        var n = 0;
        foreach (var (name, inFold) in Dev.FoldList)
        {
            var exclude = (Func<TrainingDocument, bool>)(d => d.Group == Dev.EmergingThreats || inFold(d));
            var test = corpus.Documents.Where(d => d.Source == TrainingSource.Sigma && inFold(d)).Select(LabelledAlert.FromTitle).ToList();
            var build = AlertMapperFactory.Build(corpus, kev, options: new ModelOptions { Exclude = exclude });
            var (labels, scores) = SvmBaseline.TrainAndScore(corpus.Documents.Where(d => !exclude(d)).ToList(), test.Select(a => a.Alert.Title).ToList(), out _);
            var newer = build.Mapper.Newer;
            var line = new List<string>();
            var mappedAll = test.Select(a => build.Mapper.Map(a.Alert, 20).Techniques).ToList();
            var orders = Enumerable.Range(0, test.Count).Select(q => Enumerable.Range(0, labels.Length).OrderByDescending(c => scores[q, c]).ToArray()).ToList();
            for (var v = 0; v < variants.Count; v++)
            {
                var predictions = new Dictionary<object, IReadOnlyList<string>>(ReferenceEqualityComparer.Instance);
                for (var q = 0; q < test.Count; q++)
                {
                    var order = orders[q];
                    var rankOf = new Dictionary<string, int>(StringComparer.Ordinal);
                    for (var r = 0; r < order.Length; r++)
                    {
                        rankOf[labels[order[r]]] = r;
                    }

                    var qq = q;
                    // A family-level answer (T1059) takes the best margin of itself and its members; a member its own.
                    double Svm(string id) => Enumerable.Range(0, labels.Length)
                        .Where(c => labels[c] == id || (!id.Contains('.') && labels[c].StartsWith(id + ".", StringComparison.Ordinal)))
                        .Select(c => (double)scores[qq, c]).DefaultIfEmpty(-2).Max();
                    int SvmRank(string id) => rankOf.Where(p => p.Key == id || (!id.Contains('.') && p.Key.StartsWith(id + ".", StringComparison.Ordinal)))
                        .Select(p => p.Value).DefaultIfEmpty(1000).Min();
                    predictions[test[q].Alert] = variants[v].Fuse(mappedAll[q], Svm, SvmRank, order.Take(20).Select(c => labels[c]).ToList());
                }

                var result = MappingEvaluator.Evaluate(test, a => predictions[a], newer);
                totals[v, 0] += result.Top1 * result.Alerts;
                totals[v, 1] += result.Top5 * result.Alerts;
                line.Add($"{variants[v].Name} {result.Top1:F3}/{result.Top5:F3}");
            }

            n += test.Count;
            Console.WriteLine($"  {name}: {string.Join("; ", line)}");
        }

        for (var v = 0; v < variants.Count; v++)
        {
            Console.WriteLine($"  {variants[v].Name,-32} dev {totals[v, 0] / n:F3}/{totals[v, 1] / n:F3}");
        }
    }

    // Candidates: the mapper's twenty, then the SVM's twenty it lacks (mapper rank = its count).
    private static List<string> Fuse(IReadOnlyList<TechniqueSuggestion> mapped, IReadOnlyList<string> svmTop, Func<string, int, double> score)
    {
        var candidates = mapped.Select((s, r) => (s.Id, r)).ToList();
        foreach (var id in svmTop)
        {
            if (candidates.All(c => c.Id != id && !(id.StartsWith(c.Id + ".", StringComparison.Ordinal))))
            {
                candidates.Add((id, mapped.Count));
            }
        }

        return candidates.OrderByDescending(c => score(c.Id, c.r)).Take(5).Select(c => c.Id).ToList();
    }
}
