namespace Tessera.Core.Alerts.Model;

/// <summary>
/// Ranks ATT&amp;CK techniques for a text with two TF-IDF views over hashed features: cosine similarity to a
/// per-technique centroid (all sources, weighted) plus a k-nearest-neighbour vote over short alert-like
/// texts (Sigma titles, Atomic test names, KEV descriptions, ATT&amp;CK names). Immutable and thread-safe;
/// queries use thread-local scratch buffers so mapping allocates little. Build with <see cref="TechniqueModelBuilder"/>.
/// </summary>
public sealed class TechniqueModel
{
    internal readonly record struct Posting(int Target, float Weight);

    private readonly string[] _classes;
    private readonly Dictionary<int, float> _idf;
    private readonly Dictionary<int, Posting[]> _centroids;
    private readonly Dictionary<int, Posting[]> _linear;
    private readonly Dictionary<int, Posting[]> _docs;
    private readonly int[][] _docLabels;
    private readonly string[] _docDisplay;
    private readonly TrainingSource[] _docSource;
    private readonly ModelOptions _options;
    private readonly (int Class, float Prior)[] _priors;
    private readonly int[] _parentOf;

    [ThreadStatic] private static float[]? _classScratch;
    [ThreadStatic] private static float[]? _docScratch;
    [ThreadStatic] private static float[]? _linearScratch;

    internal TechniqueModel(string[] classes, Dictionary<int, float> idf, Dictionary<int, Posting[]> centroids,
        Dictionary<int, Posting[]> linear, Dictionary<int, Posting[]> docs, int[][] docLabels, string[] docDisplay, TrainingSource[] docSource,
        ModelOptions options, IReadOnlyList<string> unknownLabels, int trainingDocuments, (int Class, float Prior)[] priors)
    {
        _priors = priors;
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        _parentOf = classes.Select(c => c.Length > 5 && index.TryGetValue(c[..5], out var p) ? p : -1).ToArray();
        _classes = classes;
        _idf = idf;
        _centroids = centroids;
        _linear = linear;
        _docs = docs;
        _docLabels = docLabels;
        _docDisplay = docDisplay;
        _docSource = docSource;
        _options = options;
        UnknownLabels = unknownLabels;
        TrainingDocuments = trainingDocuments;
    }

    /// <summary>Technique IDs the model can output (training labels plus every active technique of the collection).</summary>
    public IReadOnlyList<string> Techniques => _classes;

    /// <summary>Labels seen in training that the loaded ATT&amp;CK release lacks (e.g. v19 IDs); kept as outputs, flagged here.</summary>
    public IReadOnlyList<string> UnknownLabels { get; }

    public int TrainingDocuments { get; }

    /// <summary>
    /// The same trained model with other query-time knobs (view weights, neighbours, family roll-up, prior is kept);
    /// build-time knobs in <paramref name="options"/> (sources, features, epochs) have no effect here.
    /// </summary>
    public TechniqueModel WithQueryOptions(ModelOptions options) =>
        new(_classes, _idf, _centroids, _linear, _docs, _docLabels, _docDisplay, _docSource, options, UnknownLabels, TrainingDocuments, _priors);

    /// <summary>Number of distinct features with an IDF (model size indicator).</summary>
    public int FeatureCount => _idf.Count;

    /// <summary>
    /// The <paramref name="top"/> best techniques for a text, best first. <paramref name="explain"/> fills
    /// terms and neighbours (slower); without it those lists are empty. An empty or featureless text gives no candidates.
    /// </summary>
    public IReadOnlyList<ModelCandidate> Rank(string text, int top = 10, bool explain = true)
    {
        var names = explain ? new Dictionary<int, string>() : null;
        var query = Vectorize(text, names);
        if (query.Count == 0)
        {
            return [];
        }

        var classScores = _classScratch ??= new float[_classes.Length];
        if (classScores.Length < _classes.Length)
        {
            classScores = _classScratch = new float[_classes.Length];
        }

        var docScores = _docScratch ??= new float[_docLabels.Length];
        if (docScores.Length < _docLabels.Length)
        {
            docScores = _docScratch = new float[_docLabels.Length];
        }

        var linearScores = _linearScratch ??= new float[_classes.Length];
        if (linearScores.Length < _classes.Length)
        {
            linearScores = _linearScratch = new float[_classes.Length];
        }

        var touchedLinear = new List<int>(64);
        var touchedClasses = new List<int>(64);
        var touchedDocs = new List<int>(256);
        var combined = new Dictionary<int, float>();
        try
        {
            foreach (var (feature, q) in query)
            {
                if (_centroids.TryGetValue(feature, out var postings))
                {
                    foreach (var p in postings)
                    {
                        if (classScores[p.Target] == 0)
                        {
                            touchedClasses.Add(p.Target);
                        }

                        classScores[p.Target] += q * p.Weight;
                    }
                }

                if (_linear.TryGetValue(feature, out var linearPostings))
                {
                    foreach (var p in linearPostings)
                    {
                        if (linearScores[p.Target] == 0)
                        {
                            touchedLinear.Add(p.Target);
                        }

                        linearScores[p.Target] += q * p.Weight;
                    }
                }

                if (_docs.TryGetValue(feature, out var docPostings))
                {
                    foreach (var p in docPostings)
                    {
                        if (docScores[p.Target] == 0)
                        {
                            touchedDocs.Add(p.Target);
                        }

                        docScores[p.Target] += q * p.Weight;
                    }
                }
            }

            foreach (var c in touchedClasses)
            {
                combined[c] = _options.CentroidWeight * classScores[c];
            }

            AddSoftmax(linearScores, touchedLinear, combined);
            var neighbours = TopDocs(docScores, touchedDocs, _options.Neighbours);
            foreach (var (doc, sim) in neighbours)
            {
                var vote = _options.NeighbourWeight * MathF.Pow(sim, _options.NeighbourSharpness) / _docLabels[doc].Length;
                foreach (var label in _docLabels[doc])
                {
                    combined.TryGetValue(label, out var s);
                    combined[label] = s + vote;
                }
            }

            foreach (var (c, prior) in _priors)
            {
                combined.TryGetValue(c, out var s);
                combined[c] = s + prior;
            }

            var best = RollUp(combined).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(top).ToList();
            var result = new List<ModelCandidate>(best.Count);
            foreach (var (cls, score) in best)
            {
                IReadOnlyList<string> terms = explain ? TopTerms(query, cls, names!) : [];
                IReadOnlyList<ModelNeighbour> near = explain
                    ? neighbours.Where(n => _docLabels[n.Doc].Contains(cls)).Take(3)
                        .Select(n => new ModelNeighbour(_docDisplay[n.Doc], _docSource[n.Doc], n.Sim)).ToList()
                    : [];
                result.Add(new ModelCandidate(_classes[cls], score, terms, near));
            }

            return result;
        }
        finally
        {
            foreach (var c in touchedClasses)
            {
                classScores[c] = 0;
            }

            foreach (var d in touchedDocs)
            {
                docScores[d] = 0;
            }

            foreach (var c in touchedLinear)
            {
                linearScores[c] = 0;
            }
        }
    }

    /// <summary>
    /// Adds the linear view as probabilities (softmax over all classes, untouched ones at logit 0) so its scale
    /// matches the cosine-based views whatever the logits' range.
    /// </summary>
    private void AddSoftmax(float[] logits, List<int> touched, Dictionary<int, float> combined)
    {
        if (touched.Count == 0 || _options.LinearWeight <= 0)
        {
            return;
        }

        var max = 0f;
        foreach (var c in touched)
        {
            max = MathF.Max(max, logits[c]);
        }

        var z = (_classes.Length - touched.Count) * MathF.Exp(-max);
        foreach (var c in touched)
        {
            z += MathF.Exp(logits[c] - max);
        }

        foreach (var c in touched)
        {
            var p = MathF.Exp(logits[c] - max) / z;
            combined.TryGetValue(c, out var s);
            combined[c] = s + _options.LinearWeight * p;
        }
    }

    /// <summary>
    /// Sums each technique family (parent + sub-techniques) and reports the family under the sub-technique
    /// only when that child holds at least <see cref="ModelOptions.SubtechniqueShare"/> of the family's score;
    /// otherwise under the parent, since evidence split across siblings justifies only the parent.
    /// </summary>
    private Dictionary<int, float> RollUp(Dictionary<int, float> scores)
    {
        var families = new Dictionary<int, (float Sum, float Max, int Best, float BestScore)>();
        foreach (var (c, s) in scores)
        {
            var family = _parentOf[c] >= 0 ? _parentOf[c] : c;
            families.TryGetValue(family, out var f);
            f.Sum += s;
            f.Max = MathF.Max(f.Max, s);
            if (c != family && s > f.BestScore)
            {
                f.Best = c;
                f.BestScore = s;
            }

            families[family] = f;
        }

        var result = new Dictionary<int, float>(families.Count);
        foreach (var (family, f) in families)
        {
            var id = f.BestScore > 0 && f.BestScore >= _options.SubtechniqueShare * f.Sum ? f.Best : family;
            result[id] = f.Max + _options.FamilyBonus * (f.Sum - f.Max);
        }

        return result;
    }

    internal List<KeyValuePair<int, float>> Vectorize(string text, Dictionary<int, string>? names)
    {
        var raw = new Dictionary<int, float>();
        TextFeatures.Extract(text, raw, 1f, _options.CharGrams, names, _options.Normalise);
        var vector = new List<KeyValuePair<int, float>>(raw.Count);
        var norm = 0f;
        foreach (var (feature, tf) in raw)
        {
            if (_idf.TryGetValue(feature, out var idf))
            {
                var w = Sublinear(tf) * idf;
                vector.Add(new(feature, w));
                norm += w * w;
            }
        }

        norm = MathF.Sqrt(norm);
        for (var i = 0; i < vector.Count; i++)
        {
            vector[i] = new(vector[i].Key, vector[i].Value / norm);
        }

        return vector;
    }

    /// <summary>1 + ln(tf) for counts of at least one; fractional weights (bigrams, char-grams) stay linear.</summary>
    internal static float Sublinear(float tf) => tf >= 1 ? 1 + MathF.Log(tf) : tf;

    private static List<(int Doc, float Sim)> TopDocs(float[] scores, List<int> touched, int k)
    {
        var top = new List<(int Doc, float Sim)>(k + 1);
        foreach (var d in touched)
        {
            var s = scores[d];
            if (top.Count == k && s <= top[^1].Sim)
            {
                continue;
            }

            var at = top.Count;
            while (at > 0 && top[at - 1].Sim < s)
            {
                at--;
            }

            top.Insert(at, (d, s));
            if (top.Count > k)
            {
                top.RemoveAt(k);
            }
        }

        return top;
    }

    private List<string> TopTerms(List<KeyValuePair<int, float>> query, int cls, Dictionary<int, string> names)
    {
        var contributions = new List<(string Name, float Value)>();
        foreach (var (feature, q) in query)
        {
            if (names.TryGetValue(feature, out var name) && _centroids.TryGetValue(feature, out var postings))
            {
                foreach (var p in postings)
                {
                    if (p.Target == cls)
                    {
                        contributions.Add((name, q * p.Weight));
                        break;
                    }
                }
            }
        }

        return contributions.OrderByDescending(c => c.Value).Take(4).Select(c => c.Name).ToList();
    }
}
