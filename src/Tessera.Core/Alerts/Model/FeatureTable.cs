using System.Collections.Frozen;

namespace Tessera.Core.Alerts.Model;

/// <summary>
/// The model's inverted indexes in one table: a feature hash maps to one slot holding its IDF and the start of its
/// postings in three flat arrays (technique centroids, linear weights, alert-like texts). One lookup per query
/// feature instead of four, and postings are contiguous, which is most of what makes ranking fast.
/// </summary>
internal sealed class FeatureTable
{
    private readonly FrozenDictionary<int, int> _slots;

    public FeatureTable(Dictionary<int, float> idf, Dictionary<int, TechniqueModel.Posting[]> centroids,
        Dictionary<int, TechniqueModel.Posting[]> linear, Dictionary<int, TechniqueModel.Posting[]> docs)
    {
        // Only features with an IDF can occur in a query vector; postings of any other feature are unreachable.
        var features = idf.Keys.ToArray();
        Features = features;
        _slots = SlotsOf(features);
        Idf = features.Select(f => idf[f]).ToArray();
        Centroids = Flatten(features, centroids);
        Linear = Flatten(features, linear);
        Docs = Flatten(features, docs);
    }

    /// <summary>A table read back from a model file (<see cref="ModelFile"/>): slot s is feature <paramref name="features"/>[s].</summary>
    public FeatureTable(int[] features, float[] idf, Index centroids, Index linear, Index docs)
    {
        Features = features;
        _slots = SlotsOf(features);
        Idf = idf;
        Centroids = centroids;
        Linear = linear;
        Docs = docs;
    }

    private static FrozenDictionary<int, int> SlotsOf(int[] features) =>
        features.Select((f, i) => (f, i)).ToFrozenDictionary(x => x.f, x => x.i);

    /// <summary>The feature hash of each slot.</summary>
    public int[] Features { get; }

    /// <summary>Postings of every slot back to back; slot s owns <c>Postings[Starts[s]..Starts[s + 1]]</c>.</summary>
    internal readonly record struct Index(int[] Starts, TechniqueModel.Posting[] Postings)
    {
        public ReadOnlySpan<TechniqueModel.Posting> Of(int slot) => Postings.AsSpan(Starts[slot], Starts[slot + 1] - Starts[slot]);
    }

    public float[] Idf { get; }
    public Index Centroids { get; }
    public Index Linear { get; }
    public Index Docs { get; }
    public int Count => Idf.Length;

    public bool TryGetSlot(int feature, out int slot) => _slots.TryGetValue(feature, out slot);

    private static Index Flatten(int[] features, Dictionary<int, TechniqueModel.Posting[]> postings)
    {
        var starts = new int[features.Length + 1];
        for (var i = 0; i < features.Length; i++)
        {
            starts[i + 1] = starts[i] + (postings.TryGetValue(features[i], out var p) ? p.Length : 0);
        }

        var flat = new TechniqueModel.Posting[starts[^1]];
        for (var i = 0; i < features.Length; i++)
        {
            if (postings.TryGetValue(features[i], out var p))
            {
                p.CopyTo(flat, starts[i]);
            }
        }

        return new Index(starts, flat);
    }
}
