using Tessera.Core.Attack;

namespace Tessera.Core.Incidents;

/// <summary>Turns stored association rows into the card's rows: one per (source, tactic, technique) with all origins.</summary>
public static class IncidentCard
{
    /// <summary>
    /// Groups rows by target, naming each technique from its source (via <paramref name="collection"/>, which returns
    /// null for sources not loaded). Sorted by source, tactic, technique.
    /// </summary>
    public static IReadOnlyList<CardTechnique> Rows(IEnumerable<TechniqueAssociation> associations, Func<string, AttackCollection?> collection) =>
        associations
            .GroupBy(a => a.Target)
            .Select(g =>
            {
                var origins = g.Select(a => a.Origin).Distinct().OrderBy(o => o.Kind).ThenBy(o => o.Ref, StringComparer.Ordinal).ToList();
                return new CardTechnique
                {
                    SourceKey = g.Key.SourceKey,
                    Tactic = g.Key.Tactic,
                    TechniqueId = g.Key.TechniqueId,
                    Name = g.Key.TechniqueId.Length == 0
                        ? collection(g.Key.SourceKey)?.Tactics.FirstOrDefault(t => t.ShortName == g.Key.Tactic)?.Name
                        : collection(g.Key.SourceKey)?.FindTechnique(g.Key.TechniqueId)?.Name,
                    Origins = origins,
                    FirstAssociated = g.Min(a => a.CreatedAt),
                    AssociatedAt = origins.Select(o => g.Where(a => a.Origin == o).Min(a => a.CreatedAt)).ToList(),
                };
            })
            .OrderBy(r => r.SourceKey, StringComparer.Ordinal).ThenBy(r => r.Tactic, StringComparer.Ordinal)
            .ThenBy(r => r.TechniqueId, StringComparer.Ordinal)
            .ToList();
}
