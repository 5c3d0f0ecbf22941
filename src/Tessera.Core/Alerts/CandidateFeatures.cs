using System.Collections.Frozen;
using Tessera.Core.Alerts.Model;
using Tessera.Core.Attack;

namespace Tessera.Core.Alerts;

/// <summary>Candidate features beyond the model score and decomposition evidence that the fitted re-ranker may weigh.</summary>
[Flags]
public enum RerankFeatures
{
    None = 0,
    /// <summary>The model score split into its centroid, linear and neighbour views (each a correction to the fixed view weights).</summary>
    Views = 1,
    /// <summary>Share of the technique's ATT&amp;CK name words that the title contains (after the model's normalisation).</summary>
    NameMatch = 2,
    /// <summary>1 for a sub-technique, 0 for a technique without a parent.</summary>
    Subtechnique = 4,
    /// <summary>How many Sigma rules carry the technique's family, log-scaled to [0, 1]: what rule authors usually detect.</summary>
    Detectability = 8,
    /// <summary>1 / rank of the candidate in each view among the candidates (0 when the view does not score it).</summary>
    ViewRanks = 16,
    /// <summary>The linear view's probability on a log scale, ln(1 + 100 p) / ln(201) (its raw probability is peaky).</summary>
    LogLinear = 32,
}

/// <summary>
/// Computes the <see cref="RerankFeatures"/> of a candidate technique. Thread-safe and immutable; name words are
/// tokenised once per technique at construction.
/// </summary>
public sealed class CandidateFeatures
{
    /// <summary>Number of feature slots (one per <see cref="RerankFeatures"/> value except <see cref="RerankFeatures.None"/>, views count three).</summary>
    public const int Count = 10;

    private readonly FrozenDictionary<string, string[]> _nameWords;
    private readonly FrozenDictionary<string, double> _detectability;

    /// <param name="detectableFamilies">Sigma rules per technique family (<see cref="AlertMapperFactory.DetectableFamilies"/>); empty gives 0 to all.</param>
    public CandidateFeatures(AttackCollection attack, IReadOnlyDictionary<string, int> detectableFamilies, RerankFeatures enabled)
    {
        Enabled = enabled;
        _nameWords = attack.Techniques.Where(t => t.IsActive)
            .ToFrozenDictionary(t => t.AttackId, t => TextFeatures.Tokens(t.Name, normalise: true).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        // ln(1 + n) / ln(1 + max n): 1 for the most detected family, 0 for families no rule carries.
        var max = detectableFamilies.Count == 0 ? 0 : detectableFamilies.Values.Max();
        _detectability = detectableFamilies.ToFrozenDictionary(p => p.Key, p => max == 0 ? 0 : Math.Log(1 + p.Value) / Math.Log(1 + max), StringComparer.Ordinal);
    }

    /// <summary>Features this instance fills; the others stay 0.</summary>
    public RerankFeatures Enabled { get; }

    /// <summary>The normalised title words <see cref="Fill"/> needs, or null when <see cref="RerankFeatures.NameMatch"/> is off.</summary>
    public HashSet<string>? TitleWords(string title) =>
        (Enabled & RerankFeatures.NameMatch) == 0 ? null : new HashSet<string>(TextFeatures.Tokens(title, normalise: true), StringComparer.Ordinal);

    /// <summary>
    /// Writes the enabled features of technique <paramref name="id"/> into <paramref name="into"/> (length <see cref="Count"/>):
    /// centroid, linear, neighbour view, name share, is-sub-technique, detectability.
    /// </summary>
    public void Fill(string id, ModelViews views, HashSet<string>? titleWords, Span<double> into)
    {
        if ((Enabled & RerankFeatures.Views) != 0)
        {
            into[0] = views.Centroid;
            into[1] = views.Linear;
            into[2] = views.Neighbours;
        }

        if (titleWords is not null)
        {
            into[3] = NameShare(id, titleWords);
        }

        if ((Enabled & RerankFeatures.Subtechnique) != 0)
        {
            into[4] = id.Length > 5 ? 1 : 0;
        }

        if ((Enabled & RerankFeatures.Detectability) != 0)
        {
            into[5] = _detectability.GetValueOrDefault(id.Length > 5 ? id[..5] : id);
        }

        if ((Enabled & RerankFeatures.ViewRanks) != 0)
        {
            // Slots 6-8 hold the raw view scores until FillViewRanks turns them into ranks.
            into[6] = views.Centroid;
            into[7] = views.Linear;
            into[8] = views.Neighbours;
        }

        if ((Enabled & RerankFeatures.LogLinear) != 0)
        {
            into[9] = Math.Log(1 + 100 * views.Linear) / Math.Log(201);
        }
    }

    /// <summary>Replaces the raw view scores in slots 6-8 of every candidate by 1 / rank within that view (0 when unscored).</summary>
    public void FillViewRanks(IReadOnlyList<double[]> candidates, int offset)
    {
        if ((Enabled & RerankFeatures.ViewRanks) == 0)
        {
            return;
        }

        for (var slot = offset + 6; slot <= offset + 8; slot++)
        {
            var values = candidates.Select(c => c[slot]).ToArray();
            foreach (var c in candidates)
            {
                if (c[slot] > 0)
                {
                    var v = c[slot];
                    c[slot] = 1.0 / (1 + values.Count(x => x > v));
                }
            }
        }
    }

    /// <summary>Share of the technique's name words found in <paramref name="titleWords"/>; 0 for IDs the release lacks.</summary>
    public double NameShare(string id, IReadOnlySet<string> titleWords)
    {
        if (!_nameWords.TryGetValue(id, out var words) || words.Length == 0)
        {
            return 0;
        }

        var found = 0;
        foreach (var w in words)
        {
            found += titleWords.Contains(w) ? 1 : 0;
        }

        return found / (double)words.Length;
    }
}
