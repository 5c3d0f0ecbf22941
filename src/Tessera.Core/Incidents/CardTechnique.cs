namespace Tessera.Core.Incidents;

/// <summary>
/// One row of the incident's ATT&amp;CK card: a technique (or tactic alone) in a source and tactic, with every
/// origin that put it there. <see cref="Name"/> is null when the source does not know the ID (flagged in the UI).
/// </summary>
public sealed record CardTechnique
{
    public required string SourceKey { get; init; }
    public required string Tactic { get; init; }
    public required string TechniqueId { get; init; }
    public string? Name { get; init; }
    public required IReadOnlyList<AssociationOrigin> Origins { get; init; }
    public required DateTimeOffset FirstAssociated { get; init; }
    /// <summary>When each origin first put the technique there (an origin that came later has its own, later time).</summary>
    public IReadOnlyDictionary<AssociationOrigin, DateTimeOffset> AssociatedAt { get; init; } = new Dictionary<AssociationOrigin, DateTimeOffset>();

    public bool IsTacticOnly => TechniqueId.Length == 0;
}
