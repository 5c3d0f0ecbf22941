using System.Runtime.InteropServices;
using Tessera.Core.Attack;

namespace Tessera.Core.Alerts.Model;

/// <summary>Trains a <see cref="TechniqueModel"/> from a <see cref="TrainingCorpus"/> (seconds, no external data).</summary>
public static class TechniqueModelBuilder
{
    /// <summary>
    /// Builds the model. Every active technique of the corpus' ATT&amp;CK collection becomes a class; labels the
    /// collection lacks (e.g. v19 IDs in Sigma) become classes too and are listed in <see cref="TechniqueModel.UnknownLabels"/>.
    /// </summary>
    public static TechniqueModel Build(TrainingCorpus corpus, ModelOptions? options = null, IEnumerable<TrainingDocument>? extra = null)
    {
        options ??= new ModelOptions();
        var docs = corpus.Documents.Where(d => options.Exclude is null || !options.Exclude(d)).Concat(extra ?? []).ToList();

        var classIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var classes = new List<string>();
        foreach (var t in corpus.Attack.Techniques.Where(t => t.IsActive))
        {
            Intern(t.AttackId, classIndex, classes);
        }

        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        var labels = new int[docs.Count][];
        for (var i = 0; i < docs.Count; i++)
        {
            labels[i] = docs[i].Labels.Select(l => options.MergeRenumbered ? corpus.Newer.Canonical(l) : l).Select(l =>
            {
                if (corpus.Attack.FindTechnique(l) is not { IsActive: true })
                {
                    unknown.Add(l);
                }

                return Intern(l, classIndex, classes);
            }).Distinct().ToArray();
        }

        // Term frequencies per document, in parallel: after the linear view's training, the largest part of the build.
        // Each thread extracts into one reused dictionary and keeps a compact copy (a dictionary per document held three
        // times the memory, and the calibration model is built at the same time).
        var tfs = new KeyValuePair<int, float>[docs.Count][];
        Parallel.For(0, docs.Count, () => new Dictionary<int, float>(), (i, _, tf) =>
        {
            tf.Clear();
            TextFeatures.Extract(docs[i].Text, tf, 1f, options.CharGrams, normalise: options.Normalise);
            tfs[i] = tf.ToArray();
            return tf;
        }, _ => { });

        var df = new Dictionary<int, int>();
        foreach (var tf in tfs)
        {
            foreach (var (f, _) in tf)
            {
                df[f] = df.GetValueOrDefault(f) + 1;
            }
        }

        var n = docs.Count;
        var idf = df.Where(kv => kv.Value < n).ToDictionary(kv => kv.Key, kv => MathF.Log((n + 1f) / (kv.Value + 1f)) + 1f);
        var vectors = new KeyValuePair<int, float>[docs.Count][];
        Parallel.For(0, docs.Count, i =>
        {
            vectors[i] = Normalise(tfs[i], idf);
            tfs[i] = null!;
        });

        var centroids = BuildCentroids(docs, labels, vectors, classes.Count, options);
        var parentOf = TechniqueFamilies.ParentOf(classes, classIndex, options.MergeRenumbered ? corpus.Newer : NewerTechniques.Empty);
        var linear = options.LinearWeight > 0
            ? LinearTrainer.Train(LinearExamples(docs, options.LinearFamilies ? Families(labels, parentOf) : labels, vectors, idf, options), classes.Count, options.LinearEpochs,
                options.LinearLearningRate, options.LinearMinWeight, options.LinearMinGradient)
            : [];
        var alertLike = Enumerable.Range(0, docs.Count).Where(i => docs[i].AlertLike).ToArray();
        // Features in many alert-like texts barely change which texts are nearest but dominate query time: drop their postings.
        var docDf = new Dictionary<int, int>();
        foreach (var d in alertLike)
        {
            foreach (var (f, _) in vectors[d])
            {
                docDf[f] = docDf.GetValueOrDefault(f) + 1;
            }
        }

        var maxDf = Math.Max(1, (int)(options.MaxNeighbourFeatureShare * alertLike.Length));
        var docIndex = Invert(alertLike.Select((d, row) => (row, vectors[d].Where(kv => docDf[kv.Key] <= maxDf).ToArray())));
        return new TechniqueModel(
            classes.ToArray(), idf, centroids, linear, docIndex,
            alertLike.Select(d => labels[d]).ToArray(),
            alertLike.Select(d => docs[d].Display.Length > 0 ? docs[d].Display : docs[d].Text).ToArray(),
            alertLike.Select(d => docs[d].Source).ToArray(),
            options, unknown.ToList(), docs.Count, Priors(docs, labels, classes.Count, options), parentOf);
    }

    // Title-only copies of titled documents teach the linear model the short form alerts arrive in.
    private static List<LinearTrainer.Example> LinearExamples(List<TrainingDocument> docs, int[][] labels,
        KeyValuePair<int, float>[][] vectors, Dictionary<int, float> idf, ModelOptions options)
    {
        var examples = new List<LinearTrainer.Example>(docs.Count * 2);
        for (var i = 0; i < docs.Count; i++)
        {
            var weight = options.LinearSourceWeights.GetValueOrDefault(docs[i].Source, 0f);
            if (weight > 0 && vectors[i].Length > 0)
            {
                examples.Add(new(vectors[i], labels[i], weight));
            }

            var titleWeight = options.LinearTitleWeights.GetValueOrDefault(docs[i].Source, 0f);
            if (titleWeight > 0 && docs[i].Display.Length > 0)
            {
                var tf = new Dictionary<int, float>();
                TextFeatures.Extract(docs[i].Display, tf, 1f, options.CharGrams, normalise: options.Normalise);
                var title = Normalise(tf.ToArray(), idf);
                if (title.Length > 0)
                {
                    examples.Add(new(title, labels[i], titleWeight));
                }
            }
        }

        return examples;
    }

    // Family head of every label (T1059.001 → T1059, see TechniqueFamilies); heads stay as they are.
    private static int[][] Families(int[][] labels, int[] parentOf) =>
        labels.Select(ls => ls.Select(c => parentOf[c] >= 0 ? parentOf[c] : c).Distinct().ToArray()).ToArray();

    // Alert-like labels only (Sigma, Atomic, KEV): they reflect which techniques alerts are about, unlike prose.
    private static (int, float)[] Priors(List<TrainingDocument> docs, int[][] labels, int classCount, ModelOptions options)
    {
        var counts = new int[classCount];
        for (var i = 0; i < docs.Count; i++)
        {
            if (docs[i].AlertLike && docs[i].Source != TrainingSource.AttackTechnique)
            {
                foreach (var c in labels[i])
                {
                    counts[c]++;
                }
            }
        }

        var max = MathF.Log(1 + Math.Max(1, counts.Max()));
        return Enumerable.Range(0, classCount).Where(c => counts[c] > 0)
            .Select(c => (c, options.PriorWeight * MathF.Log(1 + counts[c]) / max)).ToArray();
    }

    private static int Intern(string id, Dictionary<string, int> index, List<string> classes)
    {
        var key = id.Trim().ToUpperInvariant();
        if (!index.TryGetValue(key, out var i))
        {
            i = classes.Count;
            index[key] = i;
            classes.Add(key);
        }

        return i;
    }

    private static KeyValuePair<int, float>[] Normalise(KeyValuePair<int, float>[] tf, Dictionary<int, float> idf)
    {
        var v = new List<KeyValuePair<int, float>>(tf.Length);
        var norm = 0f;
        foreach (var (f, count) in tf)
        {
            if (idf.TryGetValue(f, out var w))
            {
                var x = TechniqueModel.Sublinear(count) * w;
                v.Add(new(f, x));
                norm += x * x;
            }
        }

        norm = MathF.Sqrt(norm);
        return norm == 0 ? [] : v.Select(kv => new KeyValuePair<int, float>(kv.Key, kv.Value / norm)).ToArray();
    }

    // One class at a time, in parallel, each thread summing into one reused dictionary. Before, a dictionary per class
    // (about 800 alive together, each grown by reallocation) and a full LINQ sort of each made this step allocate 120 MB
    // more per build. Each class still sums its documents in corpus order, and ties keep the order in which features
    // first appeared, so the centroids are the same to the last bit.
    private static Dictionary<int, TechniqueModel.Posting[]> BuildCentroids(List<TrainingDocument> docs, int[][] labels,
        KeyValuePair<int, float>[][] vectors, int classCount, ModelOptions options)
    {
        var members = new List<int>[classCount];
        for (var c = 0; c < classCount; c++)
        {
            members[c] = [];
        }

        for (var i = 0; i < docs.Count; i++)
        {
            foreach (var c in labels[i])
            {
                members[c].Add(i);
            }
        }

        var rows = new KeyValuePair<int, float>[classCount][];
        Parallel.For(0, classCount, () => new CentroidScratch(), (c, _, scratch) =>
        {
            var sum = scratch.Sum;
            sum.Clear();
            foreach (var i in members[c])
            {
                var w = options.SourceWeights.GetValueOrDefault(docs[i].Source, 1f) / labels[i].Length;
                foreach (var (f, x) in vectors[i])
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(sum, f, out var _) += w * x;
                }
            }

            if (scratch.Order.Length < sum.Count)
            {
                scratch.Order = new (float, int, int)[Math.Max(sum.Count, scratch.Order.Length * 2)];
            }

            var n = 0;
            foreach (var (f, x) in sum)
            {
                scratch.Order[n] = (x, n, f);
                n++;
            }

            // Largest first; equal values in first-seen order (what a stable sort of the dictionary gave).
            var order = scratch.Order.AsSpan(0, n);
            order.Sort(static (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : a.Seen.CompareTo(b.Seen));
            var kept = order[..Math.Min(n, options.MaxCentroidFeatures)].ToArray();
            var norm = MathF.Sqrt(kept.Sum(k => k.Value * k.Value));
            if (norm > 0)
            {
                rows[c] = kept.Select(k => new KeyValuePair<int, float>(k.Feature, k.Value / norm)).ToArray();
            }

            return scratch;
        }, _ => { });
        return Invert(Enumerable.Range(0, classCount).Where(c => rows[c] is not null).Select(c => (c, rows[c])));
    }

    private sealed class CentroidScratch
    {
        public readonly Dictionary<int, float> Sum = [];
        public (float Value, int Seen, int Feature)[] Order = [];
    }

    private static Dictionary<int, TechniqueModel.Posting[]> Invert(IEnumerable<(int Row, KeyValuePair<int, float>[] Vector)> rows)
    {
        var lists = new Dictionary<int, List<TechniqueModel.Posting>>();
        foreach (var (row, vector) in rows)
        {
            foreach (var (f, x) in vector)
            {
                if (!lists.TryGetValue(f, out var list))
                {
                    list = [];
                    lists[f] = list;
                }

                list.Add(new TechniqueModel.Posting(row, x));
            }
        }

        return lists.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }
}
