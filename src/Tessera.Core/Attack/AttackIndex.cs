namespace Tessera.Core.Attack;

/// <summary>
/// Derived lookup tables for one collection, built once on first query (see <see cref="AttackCollection"/>)
/// so that loading stays fast and queries answer in microseconds.
/// </summary>
internal sealed class AttackIndex
{
    public AttackIndex(AttackCollection collection)
    {
        var parentOf = new Dictionary<string, Technique>(StringComparer.Ordinal);
        var subtechniques = new Dictionary<string, List<Technique>>(StringComparer.Ordinal);
        var revokedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in collection.Relationships)
        {
            if (r.Type == "subtechnique-of" && !r.Revoked && !r.Deprecated
                && collection.FindByStixId<Technique>(r.SourceRef) is { } sub
                && collection.FindByStixId<Technique>(r.TargetRef) is { } parent)
            {
                parentOf[sub.StixId] = parent;
                (subtechniques.TryGetValue(parent.StixId, out var list) ? list : subtechniques[parent.StixId] = []).Add(sub);
            }
            else if (r.Type == "revoked-by")
            {
                revokedBy[r.SourceRef] = r.TargetRef;
            }
        }

        ParentOf = parentOf;
        SubtechniquesOf = subtechniques.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Technique>)kv.Value.OrderBy(t => t.AttackId, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        RevokedBy = revokedBy;

        TacticByShortName = collection.Tactics
            .GroupBy(t => t.ShortName, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t.IsActive ? 0 : 1).First(), StringComparer.OrdinalIgnoreCase);
        ActiveByTactic = collection.Techniques.Where(t => t.IsActive)
            .SelectMany(t => t.Tactics.Select(tactic => (tactic, t)))
            .GroupBy(x => x.tactic, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Technique>)g.Select(x => x.t).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList(), StringComparer.OrdinalIgnoreCase);
        Search = new AttackSearchIndex(collection, parentOf);
    }

    public IReadOnlyDictionary<string, Technique> ParentOf { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<Technique>> SubtechniquesOf { get; }
    public IReadOnlyDictionary<string, string> RevokedBy { get; }
    public IReadOnlyDictionary<string, Tactic> TacticByShortName { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<Technique>> ActiveByTactic { get; }
    public AttackSearchIndex Search { get; }
}
