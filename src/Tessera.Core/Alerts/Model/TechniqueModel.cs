namespace Tessera.Core.Alerts.Model;

/// <summary>
/// Ranks ATT&amp;CK techniques for a text with two TF-IDF views over hashed features: cosine similarity to a
/// per-technique centroid (all sources, weighted) plus a k-nearest-neighbour vote over short alert-like
/// texts (Sigma titles, Atomic test names, KEV descriptions, ATT&amp;CK names). Immutable and thread-safe;
/// queries use thread-local scratch buffers so mapping allocates little. Build with <see cref="TechniqueModelBuilder"/>.
/// </summary>
public sealed partial class TechniqueModel
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
    // Families for the roll-up: family f is _familyMembers[_familyStarts[f].._familyStarts[f + 1]], its head first.
    private readonly int[] _familyHeads;
    private readonly int[] _familyStarts;
    private readonly int[] _familyMembers;
    private readonly bool[] _hasPrior;

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
        (_familyHeads, _familyStarts, _familyMembers) = FamiliesOf(parentOf);
        _hasPrior = new bool[classes.Length];
        foreach (var (c, _) in priors)
        {
            _hasPrior[c] = true;
        }

        _classes = classes;
        _table = table;
        _docLabels = docLabels;
        _docDisplay = docDisplay;
        _docSource = docSource;
        _options = options;
        UnknownLabels = unknownLabels;
        TrainingDocuments = trainingDocuments;
    }

    private static (int[] Heads, int[] Starts, int[] Members) FamiliesOf(int[] parentOf)
    {
        var heads = Enumerable.Range(0, parentOf.Length).Where(c => parentOf[c] < 0).ToArray();
        var children = Enumerable.Range(0, parentOf.Length).Where(c => parentOf[c] >= 0).ToLookup(c => parentOf[c]);
        var starts = new int[heads.Length + 1];
        var members = new List<int>(parentOf.Length);
        for (var f = 0; f < heads.Length; f++)
        {
            starts[f] = members.Count;
            members.Add(heads[f]);
            members.AddRange(children[heads[f]]);
        }

        starts[^1] = members.Count;
        return (heads, starts, members.ToArray());
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
                AccumulateDense(_table.Centroids.Of(term.Slot), term.Weight, scratch.CentroidScores);
                AccumulateDense(_table.Linear.Of(term.Slot), term.Weight, scratch.LinearScores);
                Accumulate(_table.Docs.Of(term.Slot), term.Weight, scratch.DocScores, scratch.TouchedDocs);
            }

            Combine(scratch);
            var neighbours = TopDocs(scratch.DocScores, scratch.TouchedDocs, _options.Neighbours, scratch.Neighbours);
            foreach (var (doc, sim) in neighbours)
            {
                var vote = _options.NeighbourWeight * MathF.Pow(sim, _options.NeighbourSharpness) / _docLabels[doc].Length;
                foreach (var label in _docLabels[doc])
                {
                    scratch.Combined[label] += vote;
                    scratch.Candidates[label] = true;
                }
            }

            foreach (var (c, prior) in _priors)
            {
                scratch.Combined[c] += prior;
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

    private static void AccumulateDense(ReadOnlySpan<Posting> postings, float q, float[] scores)
    {
        foreach (var p in postings)
        {
            scores[p.Target] += q * p.Weight;
        }
    }

    /// <summary>
    /// Every class's combined score from the dense views: the centroid similarity, then the linear view as
    /// probabilities (softmax over all classes, classes without a linear feature at logit 0, so its scale matches the
    /// cosine-based views whatever the logits' range; only classes with a linear feature get theirs added).
    /// Marks the classes that have any evidence (or a prior) as candidates.
    /// </summary>
    private void Combine(Scratch scratch)
    {
        var combined = scratch.Combined;
        var candidate = scratch.Candidates;
        var centroid = scratch.CentroidScores;
        var logits = scratch.LinearScores;
        var n = _classes.Length;
        Array.Copy(_hasPrior, candidate, n);
        for (var c = 0; c < n; c++)
        {
            if (centroid[c] != 0)
            {
                combined[c] = _options.CentroidWeight * centroid[c];
                candidate[c] = true;
            }
        }

        if (_options.LinearWeight <= 0)
        {
            return;
        }

        var max = 0f;
        var touched = 0;
        for (var c = 0; c < n; c++)
        {
            if (logits[c] != 0)
            {
                max = MathF.Max(max, logits[c]);
                touched++;
            }
        }

        if (touched == 0)
        {
            return;
        }

        var z = (n - touched) * MathF.Exp(-max);
        for (var c = 0; c < n; c++)
        {
            if (logits[c] != 0)
            {
                // Kept for the next loop: the exponential is the expensive part.
                logits[c] = MathF.Exp(logits[c] - max);
                z += logits[c];
            }
        }

        for (var c = 0; c < n; c++)
        {
            if (logits[c] != 0)
            {
                combined[c] += _options.LinearWeight * logits[c] / z;
                candidate[c] = true;
            }
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
        var combined = scratch.Combined;
        var candidate = scratch.Candidates;
        var best = new List<(int Class, float Score)>(top + 1);
        for (var f = 0; f < _familyHeads.Length; f++)
        {
            var family = _familyHeads[f];
            var seen = false;
            float sum = 0, max = 0, bestScore = 0;
            var bestMember = 0;
            for (var m = _familyStarts[f]; m < _familyStarts[f + 1]; m++)
            {
                var c = _familyMembers[m];
                if (!candidate[c])
                {
                    continue;
                }

                seen = true;
                var s = combined[c];
                sum += s;
                max = MathF.Max(max, s);
                if (c != family && s > bestScore)
                {
                    bestMember = c;
                    bestScore = s;
                }
            }

            if (!seen)
            {
                continue;
            }

            var id = bestScore > 0 && bestScore >= _options.SubtechniqueShare * sum ? bestMember : family;
            var score = max + _options.FamilyBonus * (sum - max);
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

    // Per-thread buffers sized to the model; every query clears what it used.
    private sealed class Scratch(int classes, int docs)
    {
        public int Classes { get; } = classes;
        public int Docs { get; } = docs;
        public float[] CentroidScores { get; } = new float[classes];
        public float[] LinearScores { get; } = new float[classes];
        public float[] DocScores { get; } = new float[docs];
        public float[] Combined { get; } = new float[classes];
        /// <summary>Classes with any evidence or a prior: the ones ranked.</summary>
        public bool[] Candidates { get; } = new bool[classes];
        public List<int> TouchedDocs { get; } = new(1024);
        public List<(int Doc, float Sim)> Neighbours { get; } = new(32);
        public Dictionary<int, float> Raw { get; } = new(256);
        public QueryTerm[] Terms { get; set; } = new QueryTerm[256];

        public void Reset()
        {
            Array.Clear(CentroidScores);
            Array.Clear(LinearScores);
            Array.Clear(Combined);
            foreach (var d in TouchedDocs)
            {
                DocScores[d] = 0;
            }

            TouchedDocs.Clear();
        }
    }
}
