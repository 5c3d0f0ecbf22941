using Tessera.Core.Attack;
using Tessera.Core.Incidents;

namespace Tessera.Server.Components.Incidents;

/// <summary>The heatmap page's data: incident counts per technique, five colour steps, and an optional group overlay.</summary>
public sealed class HeatmapModel(AttackCollection collection, IReadOnlyList<HeatmapCell> cells, IReadOnlySet<string>? group)
{
    private readonly Dictionary<string, HeatmapCell> _cells = cells.ToDictionary(c => c.TechniqueId, StringComparer.Ordinal);

    public AttackCollection Collection { get; } = collection;
    public int Max { get; } = cells.Count == 0 ? 0 : cells.Max(c => c.Incidents);
    public IReadOnlySet<string>? Group { get; } = group;

    public int Count(string techniqueId) => _cells.GetValueOrDefault(techniqueId)?.Incidents ?? 0;

    /// <summary>0 (not seen) to 5 (seen in the most incidents), relative to the busiest technique.</summary>
    public int Step(string techniqueId) => Count(techniqueId) is var n && n == 0 ? 0 : 1 + (4 * (n - 1) / Math.Max(1, Max - 1));

    public bool InGroup(string techniqueId) => Group?.Contains(techniqueId) == true;

    /// <summary>Techniques seen in incidents and used by the group: the overlap the overlay is about.</summary>
    public IReadOnlyList<string> Shared => Group is null ? [] : _cells.Keys.Where(Group.Contains).Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<HeatmapCell> Top(int n) => cells.Take(n).ToList();
}
