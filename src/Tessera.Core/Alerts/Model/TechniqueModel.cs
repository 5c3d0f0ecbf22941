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
    private readonly FeatureTable _table;
    private readonly int[][] _docLabels;
    private readonly string[] _docDisplay;
    private readonly TrainingSource[] _docSource;
    private readonly ModelOptions _options;
    private readonly (int Class, float Prior)[] _priors;
    private readonly int[] _parentOf;

    [ThreadStatic] private static Scratch? _scratch;

    internal TechniqueModel(string[] classes, Dictionary<int, float> idf, Dictionary<int, Posting[]> centroids,
        Dictionary<int, Posting[]> linear, Dictionary<int, Posting[]> docs, int[][] docLabels, string[] docDisplay, TrainingSource[] docSource,
        ModelOptions options, IReadOnlyList<string> unknownLabels, int trainingDocuments, (int Class, float Prior)[] priors, int[] parentOf)
        : this(classes, new FeatureTable(idf, centroids, linear, docs), docLabels, docDisplay, docSource, options, unknownLabels, trainingDocuments, priors, parentOf)
    {
    }

    private TechniqueModel(string[] classes, FeatureTable table, int[][] docLabels, string[] docDisplay, TrainingSource[] docSource,
        ModelOptions options, IReadOnlyList<string> unknownLabels, int trainingDocuments, (int Class, float Prior)[] priors, int[] parentOf)
    {
        _priors = priors;
        _parentOf = parentOf;
        _classes = classes;
        _table = table;
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
        new(_classes, _table, _docLabels, _docDisplay, _docSource, options, UnknownLabels, TrainingDocuments, _priors, _parentOf);

    /// <summary>Number of distinct features with an IDF (model size indicator).</summary>
    public int FeatureCount => _table.Count;

    /// <summary>
    /// The <paramref name="top"/> best techniques for a text, best first. <paramref name="explain"/> fills
    /// terms and neighbours (slower); without it those lists are empty. An empty or featureless text gives no candidates.
    /// </summary>
    public IReadOnlyList<ModelCandidate> Rank(string text, int top = 10, bool explain = true)
    {
        var scratch = _scratch;
        if (scratch is null || scratch.Classes < _classes.Length || scratch.Docs < _docLabels.Length)
        {
            scratch = _scratch = new Scratch(_classes.Length, _docLabels.Length);
        }

        var names = explain ? new Dictionary<int, string>() : null;
        var query = Vectorize(text, names, scratch);
        if (query.Length == 0)
        {
            return [];
        }

        try
        {
            foreach (var term in query)
            {
                Accumulate(_table.Centroids.Of(term.Slot), term.Weight, scratch.CentroidScores, scratch.TouchedCentroid);
                Accumulate(_table.Linear.Of(term.Slot), term.Weight, scratch.LinearScores, scratch.TouchedLinear);
                Accumulate(_table.Docs.Of(term.Slot), term.Weight, scratch.DocScores, scratch.TouchedDocs);
            }

            foreach (var c in scratch.TouchedCentroid)
            {
                scratch.AddCombined(c, _options.CentroidWeight * scratch.CentroidScores[c]);
            }

            AddSoftmax(scratch);
            var neighbours = TopDocs(scratch.DocScores, scratch.TouchedDocs, _options.Neighbours, scratch.Neighbours);
            foreach (var (doc, sim) in neighbours)
            {
                var vote = _options.NeighbourWeight * MathF.Pow(sim, _options.NeighbourSharpness) / _docLabels[doc].Length;
                foreach (var label in _docLabels[doc])
                {
                    scratch.AddCombined(label, vote);
                }
            }

            foreach (var (c, prior) in _priors)
            {
                scratch.AddCombined(c, prior);
            }

            var best = RollUp(scratch, top);
            var terms = explain ? TopTerms(query, best, names!) : null;
            var result = new List<ModelCandidate>(best.Count);
            for (var i = 0; i < best.Count; i++)
            {
                var (cls, score) = best[i];
                IReadOnlyList<ModelNeighbour> near = explain
                    ? neighbours.Where(n => _docLabels[n.Doc].Contains(cls)).Take(3)
                        .Select(n => new ModelNeighbour(_docDisplay[n.Doc], _docSource[n.Doc], n.Sim)).ToList()
                    : [];
                result.Add(new ModelCandidate(_classes[cls], score, terms?[i] ?? [], near));
            }

            return result;
        }
        finally
        {
            scratch.Reset();
        }
    }

    private static void Accumulate(ReadOnlySpan<Posting> postings, float q, float[] scores, List<int> touched)
    {
        foreach (var p in postings)
        {
            ref var s = ref scores[p.Target];
            if (s == 0)
            {
                touched.Add(p.Target);
            }

            s += q * p.Weight;
        }
    }

    /// <summary>
    /// Adds the linear view as probabilities (softmax over all classes, untouched ones at logit 0) so its scale
    /// matches the cosine-based views whatever the logits' range.
    /// </summary>
    private void AddSoftmax(Scratch scratch)
    {
        var touched = scratch.TouchedLinear;
        var logits = scratch.LinearScores;
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
            scratch.AddCombined(c, _options.LinearWeight * MathF.Exp(logits[c] - max) / z);
        }
    }

    /// <summary>
    /// Sums each technique family (parent + sub-techniques) and reports the family under the sub-technique
    /// only when that child holds at least <see cref="ModelOptions.SubtechniqueShare"/> of the family's score;
    /// otherwise under the parent, since evidence split across siblings justifies only the parent.
    /// Returns the <paramref name="top"/> best, score descending then class index.
    /// </summary>
    private List<(int Class, float Score)> RollUp(Scratch scratch, int top)
    {
        var families = scratch.Families;
        foreach (var c in scratch.TouchedCombined)
        {
            var s = scratch.Combined[c];
            var family = _parentOf[c] >= 0 ? _parentOf[c] : c;
            ref var f = ref families[family];
            if (!f.Seen)
            {
                f.Seen = true;
                scratch.TouchedFamilies.Add(family);
            }

            f.Sum += s;
            f.Max = MathF.Max(f.Max, s);
            if (c != family && s > f.BestScore)
            {
                f.Best = c;
                f.BestScore = s;
            }
        }

        var best = new List<(int Class, float Score)>(top + 1);
        foreach (var family in scratch.TouchedFamilies)
        {
            var f = families[family];
            var id = f.BestScore > 0 && f.BestScore >= _options.SubtechniqueShare * f.Sum ? f.Best : family;
            var score = f.Max + _options.FamilyBonus * (f.Sum - f.Max);
            var at = best.Count;
            while (at > 0 && (best[at - 1].Score < score || (best[at - 1].Score == score && best[at - 1].Class > id)))
            {
                at--;
            }

            if (at < top)
            {
                best.Insert(at, (id, score));
                if (best.Count > top)
                {
                    best.RemoveAt(top);
                }
            }
        }

        return best;
    }

    internal readonly record struct QueryTerm(int Slot, int Feature, float Weight);

    private QueryTerm[] Vectorize(string text, Dictionary<int, string>? names, Scratch scratch)
    {
        var raw = scratch.Raw;
        raw.Clear();
        TextFeatures.Extract(text, raw, 1f, _options.CharGrams, names, _options.Normalise);
        var count = 0;
        var norm = 0f;
        var terms = scratch.Terms.Length >= raw.Count ? scratch.Terms : scratch.Terms = new QueryTerm[raw.Count * 2];
        foreach (var (feature, tf) in raw)
        {
            if (_table.TryGetSlot(feature, out var slot))
            {
                var w = Sublinear(tf) * _table.Idf[slot];
                terms[count++] = new(slot, feature, w);
                norm += w * w;
            }
        }

        norm = MathF.Sqrt(norm);
        var query = new QueryTerm[count];
        for (var i = 0; i < count; i++)
        {
            query[i] = terms[i] with { Weight = terms[i].Weight / norm };
        }

        return query;
    }

    /// <summary>1 + ln(tf) for counts of at least one; fractional weights (bigrams, char-grams) stay linear.</summary>
    internal static float Sublinear(float tf) => tf >= 1 ? 1 + MathF.Log(tf) : tf;

    private static List<(int Doc, float Sim)> TopDocs(float[] scores, List<int> touched, int k, List<(int Doc, float Sim)> top)
    {
        top.Clear();
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

    // Query words that contributed most to each candidate's centroid similarity: one pass over each query term's
    // postings for all candidates together (per candidate it would re-read the same long posting lists).
    private List<string>[] TopTerms(QueryTerm[] query, List<(int Class, float Score)> candidates, Dictionary<int, string> names)
    {
        var position = new Dictionary<int, int>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            position[candidates[i].Class] = i;
        }

        var contributions = new List<(string Name, float Value)>[candidates.Count];
        foreach (var term in query)
        {
            if (!names.TryGetValue(term.Feature, out var name))
            {
                continue;
            }

            foreach (var p in _table.Centroids.Of(term.Slot))
            {
                if (position.TryGetValue(p.Target, out var at))
                {
                    (contributions[at] ??= []).Add((name, term.Weight * p.Weight));
                }
            }
        }

        return contributions.Select(c => c is null ? [] : c.OrderByDescending(x => x.Value).Take(4).Select(x => x.Name).ToList()).ToArray();
    }

    private struct FamilyScore
    {
        public bool Seen;
        public float Sum;
        public float Max;
        public int Best;
        public float BestScore;
    }

    // Per-thread buffers sized to the model; every query resets exactly what it touched.
    private sealed class Scratch(int classes, int docs)
    {
        public int Classes { get; } = classes;
        public int Docs { get; } = docs;
        public float[] CentroidScores { get; } = new float[classes];
        public float[] LinearScores { get; } = new float[classes];
        public float[] DocScores { get; } = new float[docs];
        public float[] Combined { get; } = new float[classes];
        public bool[] InCombined { get; } = new bool[classes];
        public FamilyScore[] Families { get; } = new FamilyScore[classes];
        public List<int> TouchedCentroid { get; } = new(256);
        public List<int> TouchedLinear { get; } = new(256);
        public List<int> TouchedDocs { get; } = new(1024);
        public List<int> TouchedCombined { get; } = new(1024);
        public List<int> TouchedFamilies { get; } = new(1024);
        public List<(int Doc, float Sim)> Neighbours { get; } = new(32);
        public Dictionary<int, float> Raw { get; } = new(256);
        public QueryTerm[] Terms { get; set; } = new QueryTerm[256];

        public void AddCombined(int c, float value)
        {
            if (!InCombined[c])
            {
                InCombined[c] = true;
                TouchedCombined.Add(c);
            }

            Combined[c] += value;
        }

        public void Reset()
        {
            Clear(CentroidScores, TouchedCentroid);
            Clear(LinearScores, TouchedLinear);
            Clear(DocScores, TouchedDocs);
            foreach (var c in TouchedCombined)
            {
                Combined[c] = 0;
                InCombined[c] = false;
            }

            TouchedCombined.Clear();
            foreach (var f in TouchedFamilies)
            {
                Families[f] = default;
            }

            TouchedFamilies.Clear();
        }

        private static void Clear(float[] scores, List<int> touched)
        {
            foreach (var i in touched)
            {
                scores[i] = 0;
            }

            touched.Clear();
        }
    }
}
