namespace Tessera.Core.Incidents;

/// <summary>
/// One stored association row: a technique (or, with an empty <see cref="TechniqueId"/>, a tactic alone) of a
/// source, placed under one tactic, put there by one <see cref="Origin"/>. The same technique from two origins is
/// two rows that the card shows as one technique with two origins. Rolled-up techniques the source does not know
/// (newer releases) are kept with an empty <see cref="Tactic"/> and flagged in the card.
/// </summary>
public sealed record TechniqueAssociation
{
    public required long Id { get; init; }
    public required long IncidentId { get; init; }
    public required string SourceKey { get; init; }
    public required string Tactic { get; init; }
    public required string TechniqueId { get; init; }
    public required AssociationOrigin Origin { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    public AssociationTarget Target => new(SourceKey, Tactic, TechniqueId);
}
