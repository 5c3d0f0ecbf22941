namespace Tessera.Core.Incidents;

/// <summary>
/// Techniques seen across incidents created in [<see cref="From"/>, <see cref="To"/>), optionally only some
/// severities and states and one source. Tactic-only associations are not counted.
/// </summary>
public sealed record HeatmapQuery
{
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public IReadOnlyList<IncidentSeverity> Severities { get; init; } = [];
    public IReadOnlyList<IncidentState> States { get; init; } = [];
    public string? SourceKey { get; init; }
}

/// <summary>One heatmap cell: a technique, how many distinct incidents have it, and how many rows (origins × tactics) put it there.</summary>
public sealed record HeatmapCell(string TechniqueId, int Incidents, int Associations);
