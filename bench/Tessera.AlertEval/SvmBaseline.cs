using System.Diagnostics;
using System.Text.RegularExpressions;
using Tessera.Core.Alerts.Evaluation;
using Tessera.Core.Alerts.Model;

namespace Tessera.AlertEval;

/// <summary>
/// The issue's reference system, rebuilt so it can be scored on our own protocol: TF-IDF over word unigrams and
/// bigrams (scikit-learn's TfidfVectorizer defaults: tokens of two or more word characters, lower-case, smoothed IDF,
/// L2 norm) with sublinear tf (raw counts with <c>--dev=svm-baseline-raw</c>) and a one-vs-rest linear SVM (LinearSVC's solver: L2-regularised squared hinge, dual
/// coordinate descent, C = 1, bias feature 1, stop when the projected-gradient spread is ≤ 0.1), trained on the same
/// documents as the mapper (every source's whole text, labels as tagged). Plain on purpose: no title normalisation,
/// no stemming, no rules, no ATT&amp;CK structure. A document with several labels is positive for each of them.
/// To keep memory at one weight vector per thread, each class is scored on every test title right after it is
/// trained and its weights are dropped.
/// </summary>
internal static partial class SvmBaseline
{
    private const double C = 1.0;
    private const double Tolerance = 0.1;
    private const int MaxPasses = 1000;

    [GeneratedRegex(@"\b\w\w+\b")]
    private static partial Regex Token();

    /// <summary>Raw term counts instead of 1 + ln(count) (scikit-learn's default).</summary>
    public static bool RawCounts { get; set; }

    public static void Run(TrainingCorpus corpus)
    {
        var et = Dev.EmergingThreats;
        var runs = new List<(string Name, Func<TrainingDocument, bool> Exclude, List<LabelledAlert> Test)>
        {
            ("hold-out emerging-threats", d => d.Group == et, Titles(corpus, d => d.Group == et)),
        };
        foreach (var (name, inFold) in Dev.FoldList)
        {
            runs.Add(($"dev fold {name}", d => d.Group == et || inFold(d), Titles(corpus, inFold)));
        }

        // As --dev=vendor-names (second set): CTID's quoted vendor alert names written as words, every CTID cloud
        // mapping left out of training.
        runs.Add(("ctid vendor names written as words", d => d.Group == et || d.Source == TrainingSource.CloudMapping,
            corpus.Documents.Where(d => d.Source == TrainingSource.CloudMapping && d.AlertLike && d.Display.Contains(' ', StringComparison.Ordinal))
                .Select(LabelledAlert.FromTitle).ToList()));

        int devN = 0; double dev1 = 0, dev5 = 0;
        foreach (var (name, exclude, test) in runs)
        {
            var sw = Stopwatch.StartNew();
            var ranked = TrainAndRank(corpus.Documents.Where(d => !exclude(d)).ToList(), test.Select(a => a.Alert.Title).ToList(), 5, out var passes);
            var lookup = new Dictionary<object, IReadOnlyList<string>>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < test.Count; i++)
            {
                lookup[test[i].Alert] = ranked[i];
            }

            var r = MappingEvaluator.Evaluate(test, a => lookup[a], corpus.Newer);
            Console.WriteLine($"  {name,-36} n={r.Alerts,4} top1 {r.Top1:F3} top5 {r.Top5:F3} exact1 {r.ExactTop1:F3}  ({sw.Elapsed.TotalSeconds:F0} s, passes per class: median {passes})");
            if (name.StartsWith("dev fold", StringComparison.Ordinal))
            {
                devN += r.Alerts; dev1 += r.Top1 * r.Alerts; dev5 += r.Top5 * r.Alerts;
            }
        }

        Console.WriteLine($"  dev folds, micro-average over {devN} titles: top1 {dev1 / devN:F3} top5 {dev5 / devN:F3}");
    }

    private static List<LabelledAlert> Titles(TrainingCorpus corpus, Func<TrainingDocument, bool> inGroup) =>
        corpus.Documents.Where(d => d.Source == TrainingSource.Sigma && inGroup(d)).Select(LabelledAlert.FromTitle).ToList();

    private static List<string> Terms(string text)
    {
        var words = Token().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();
        var terms = new List<string>(words.Count * 2);
        terms.AddRange(words);
        for (var i = 1; i < words.Count; i++)
        {
            terms.Add(words[i - 1] + " " + words[i]);
        }

        return terms;
    }

    private sealed record Sparse(int[] Index, float[] Value);

    private static Sparse Vector(List<string> terms, Dictionary<string, int> vocabulary, float[] idf)
    {
        var counts = new Dictionary<int, int>();
        foreach (var t in terms)
        {
            if (vocabulary.TryGetValue(t, out var f))
            {
                counts[f] = counts.GetValueOrDefault(f) + 1;
            }
        }

        var index = counts.Keys.Order().ToArray();
        var value = index.Select(f => (float)((RawCounts ? counts[f] : 1 + Math.Log(counts[f])) * idf[f])).ToArray();
        var norm = Math.Sqrt(value.Sum(v => (double)v * v));
        for (var i = 0; i < value.Length && norm > 0; i++)
        {
            value[i] = (float)(value[i] / norm);
        }

        return new Sparse(index, value);
    }

    /// <summary>Trains one SVM per label on <paramref name="training"/> and returns each test text's best <paramref name="k"/> labels.</summary>
    private static List<IReadOnlyList<string>> TrainAndRank(List<TrainingDocument> training, List<string> test, int k, out int medianPasses)
    {
        var (labels, scores) = TrainAndScore(training, test, out medianPasses);
        var result = new List<IReadOnlyList<string>>(test.Count);
        for (var q = 0; q < test.Count; q++)
        {
            result.Add(Enumerable.Range(0, labels.Length).OrderByDescending(c => scores[q, c]).Take(k).Select(c => labels[c]).ToList());
        }

        return result;
    }

    /// <summary>Trains one SVM per label on <paramref name="training"/> and returns every label's margin for each test text.</summary>
    public static (string[] Labels, float[,] Scores) TrainAndScore(List<TrainingDocument> training, List<string> test, out int medianPasses)
    {
        var termLists = training.Select(d => Terms(d.Text)).ToList();
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var df = new List<int>();
        foreach (var terms in termLists)
        {
            foreach (var t in terms.Distinct())
            {
                if (!vocabulary.TryGetValue(t, out var f))
                {
                    vocabulary[t] = f = df.Count;
                    df.Add(0);
                }

                df[f]++;
            }
        }

        var n = training.Count;
        var idf = df.Select(x => (float)(Math.Log((1.0 + n) / (1.0 + x)) + 1)).ToArray();
        var x = termLists.Select(t => Vector(t, vocabulary, idf)).ToArray();
        var queries = test.Select(t => Vector(Terms(t), vocabulary, idf)).ToArray();
        var labels = training.SelectMany(d => d.Labels).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var positives = new List<int>[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            positives[i] = [];
        }

        for (var i = 0; i < n; i++)
        {
            foreach (var l in training[i].Labels.Distinct(StringComparer.Ordinal))
            {
                positives[labelIndex[l]].Add(i);
            }
        }

        // Q_ii = x_i·x_i + bias² + 1/(2C).
        var qii = x.Select(v => v.Value.Sum(a => (double)a * a) + 1 + 0.5 / C).ToArray();
        var scores = new float[queries.Length, labels.Length];
        var passes = new int[labels.Length];
        Parallel.For(0, labels.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => (W: new double[vocabulary.Count], Alpha: new double[n], Y: new sbyte[n], Order: new int[n]),
            (c, _, s) =>
            {
                Array.Clear(s.W);
                Array.Clear(s.Alpha);
                Array.Fill(s.Y, (sbyte)-1);
                foreach (var i in positives[c])
                {
                    s.Y[i] = 1;
                }

                for (var i = 0; i < n; i++)
                {
                    s.Order[i] = i;
                }

                var random = new Random(c);
                double bias = 0;
                var pass = 0;
                for (; pass < MaxPasses; pass++)
                {
                    random.Shuffle(s.Order);
                    double maxPg = double.NegativeInfinity, minPg = double.PositiveInfinity;
                    foreach (var i in s.Order)
                    {
                        var v = x[i];
                        double dot = bias;
                        for (var j = 0; j < v.Index.Length; j++)
                        {
                            dot += s.W[v.Index[j]] * v.Value[j];
                        }

                        var y = s.Y[i];
                        var g = y * dot - 1 + s.Alpha[i] * 0.5 / C;
                        var pg = s.Alpha[i] == 0 ? Math.Min(g, 0) : g;
                        maxPg = Math.Max(maxPg, pg);
                        minPg = Math.Min(minPg, pg);
                        if (Math.Abs(pg) > 1e-12)
                        {
                            var old = s.Alpha[i];
                            s.Alpha[i] = Math.Max(old - g / qii[i], 0);
                            var step = (s.Alpha[i] - old) * y;
                            for (var j = 0; j < v.Index.Length; j++)
                            {
                                s.W[v.Index[j]] += step * v.Value[j];
                            }

                            bias += step;
                        }
                    }

                    if (maxPg - minPg <= Tolerance)
                    {
                        break;
                    }
                }

                passes[c] = pass + 1;
                for (var q = 0; q < queries.Length; q++)
                {
                    var v = queries[q];
                    double dot = bias;
                    for (var j = 0; j < v.Index.Length; j++)
                    {
                        dot += s.W[v.Index[j]] * v.Value[j];
                    }

                    scores[q, c] = (float)dot;
                }

                return s;
            },
            _ => { });

        medianPasses = passes.Order().ElementAt(passes.Length / 2);
        return (labels, scores);
    }
}
