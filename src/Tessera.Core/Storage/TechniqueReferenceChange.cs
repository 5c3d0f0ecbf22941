namespace Tessera.Core.Storage;

/// <summary>One history row: a reference moved from one technique ID / collection to another, and why.</summary>
public sealed record TechniqueReferenceChange
{
    public required long Id { get; init; }
    public required long ReferenceId { get; init; }
    public required string OldTechniqueId { get; init; }
    public required string NewTechniqueId { get; init; }
    public required string OldCollectionKey { get; init; }
    public required string NewCollectionKey { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
}
