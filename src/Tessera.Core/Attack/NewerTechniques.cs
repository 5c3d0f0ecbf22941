using System.Text.RegularExpressions;

namespace Tessera.Core.Attack;

/// <summary>A technique ID the loaded ATT&amp;CK release lacks, named by newer content (Atomic Red Team's display name).</summary>
/// <param name="SameAsId">The loaded release's technique with the same name, when exactly one matches closely (v19 renumbered
/// many: T1685 "Disable or Modify Tools" is 18.1's T1562.001); null for techniques that are new, not renumbered.</param>
public sealed record NewerTechnique(string Id, string Name, string? SameAsId, string? SameAsName);

/// <summary>
/// Names for labels newer than the loaded ATT&amp;CK release (current Sigma and Atomic content carries v19 IDs that 18.1
/// lacks), so the mapper can show "T1685 Disable or Modify Tools, in 18.1 T1562.001" instead of a bare ID, and the
/// model can learn a renumbered technique as one class (<see cref="Canonical"/>). Only Atomic Red Team names such IDs in
/// the shared data; Sigma-only IDs (e.g. T1686.003) stay unnamed.
/// </summary>
public sealed partial class NewerTechniques
{
    // Word-set Jaccard a name needs with its 18.1 counterpart, and the lead it needs over the runner-up: renamed
    // techniques differ by a word or two ("Prevent" vs "Impair Command History Logging" = 0.6), unrelated siblings
    // share the "Disable or Modify" stem but lose by more than 0.15.
    private const double MinSimilarity = 0.6;
    private const double MinLead = 0.15;

    private readonly Dictionary<string, NewerTechnique> _byId;
    private readonly Dictionary<string, string> _newerOf;

    private NewerTechniques(Dictionary<string, NewerTechnique> byId)
    {
        _byId = byId;
        _newerOf = byId.Values.Where(n => n.SameAsId is not null).GroupBy(n => n.SameAsId!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(n => n.Id).Order(StringComparer.Ordinal).First(), StringComparer.OrdinalIgnoreCase);
    }

    public static NewerTechniques Empty { get; } = new(new Dictionary<string, NewerTechnique>(StringComparer.OrdinalIgnoreCase));

    public int Count => _byId.Count;

    /// <summary>Every newer technique, in no particular order.</summary>
    public IReadOnlyCollection<NewerTechnique> All => _byId.Values;

    /// <summary>
    /// The newer ID of a renumbered technique (T1562.001 → T1685), else <paramref name="id"/> itself: one class for both
    /// numberings, so 18.1's texts and current content's labels train and score the same technique.
    /// </summary>
    public string Canonical(string id) => _newerOf.GetValueOrDefault(id, id);

    /// <summary>
    /// The loaded release's parent technique of <paramref name="id"/>'s family, or null when <paramref name="id"/> heads its
    /// own family. A renumbered ID belongs where the loaded release had it: T1685.005 (18.1 T1070.001) to T1070, T1685
    /// (T1562.001) to T1562, and an unnamed T1686.003 through T1686 (T1562.004) to T1562.
    /// </summary>
    public string? FamilyHead(string id)
    {
        if (_byId.TryGetValue(id, out var newer) && newer.SameAsId is { } same)
        {
            return same.Length > 5 ? same[..5] : null;
        }

        if (id.Length <= 5)
        {
            return null;
        }

        var prefix = id[..5];
        return _byId.TryGetValue(prefix, out var parent) && parent.SameAsId is { } parentSame
            ? parentSame.Length > 5 ? parentSame[..5] : parentSame
            : prefix;
    }

    /// <summary>The newer technique with this ID, or null when the ID is unknown here too.</summary>
    public NewerTechnique? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// Keeps the <paramref name="names"/> (technique ID → display name, "Parent: Sub" for sub-techniques) whose ID
    /// <paramref name="attack"/> lacks, each with the active technique of <paramref name="attack"/> whose own name matches.
    /// </summary>
    public static NewerTechniques Build(IReadOnlyDictionary<string, string> names, AttackCollection attack)
    {
        var known = attack.Techniques.Where(t => t.IsActive).Select(t => (Technique: t, Words: Words(t.Name))).ToList();
        var byId = new Dictionary<string, NewerTechnique>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, name) in names)
        {
            if (attack.FindTechnique(id) is { IsActive: true })
            {
                continue;
            }

            var own = Words(name[(name.LastIndexOf(": ", StringComparison.Ordinal) is var at and >= 0 ? at + 2 : 0)..]);
            var ranked = known.Select(k => (k.Technique, Score: Jaccard(own, k.Words))).OrderByDescending(x => x.Score).Take(2).ToList();
            var sameAs = ranked.Count > 0 && ranked[0].Score >= MinSimilarity && (ranked.Count == 1 || ranked[0].Score - ranked[1].Score >= MinLead)
                ? ranked[0].Technique : null;
            byId[id] = new NewerTechnique(id, name, sameAs?.AttackId, sameAs is null ? null : FullName(sameAs, attack));
        }

        return new NewerTechniques(byId);
    }

    private static string FullName(Technique t, AttackCollection attack) =>
        t.IsSubtechnique && attack.FindTechnique(t.AttackId[..5]) is { } parent ? parent.Name + ": " + t.Name : t.Name;

    [GeneratedRegex("[a-z0-9]+")]
    private static partial Regex Word();

    private static readonly HashSet<string> Stop = ["or", "and", "the", "of", "a", "to", "for"];

    // Lower-case words without stop words, crudely stemmed ("Logging" and "Log", "Logs" meet as "log").
    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Word().Matches(text.ToLowerInvariant()))
        {
            var w = m.Value;
            if (Stop.Contains(w))
            {
                continue;
            }

            if (w.Length > 5 && w.EndsWith("ing", StringComparison.Ordinal))
            {
                w = w[..^3];
                w = w.Length > 2 && w[^1] == w[^2] ? w[..^1] : w;
            }
            else if (w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal))
            {
                w = w[..^1];
            }

            words.Add(w);
        }

        return words;
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var common = a.Count(b.Contains);
        return common / (double)(a.Count + b.Count - common);
    }
}
