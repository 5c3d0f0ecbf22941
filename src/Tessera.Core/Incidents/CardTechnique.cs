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
    /// <summary>
    /// When each of <see cref="Origins"/> first put the technique there, in the same order (an origin that came later has
    /// its own, later time). A list, not a dictionary keyed by origin: the row is part of the page's persisted state,
    /// which serializes as JSON and cannot key an object by a record.
    /// </summary>
    public IReadOnlyList<DateTimeOffset> AssociatedAt { get; init; } = [];

    /// <summary>When <paramref name="index"/>'s origin first put the technique there (the technique's first time when not known).</summary>
    public DateTimeOffset AssociatedAtOf(int index) => index < AssociatedAt.Count ? AssociatedAt[index] : FirstAssociated;

    public bool IsTacticOnly => TechniqueId.Length == 0;
}
