namespace Tessera.Core.Storage;

/// <summary>
/// One rewrite made by <see cref="ITechniqueReferenceStore.MigrateTechniqueReferencesAsync"/> on an incident
/// association, rule tag or alert-library entry: the old ID stays on record. Generic references keep their own
/// history (<see cref="ITechniqueReferenceStore.HistoryAsync"/>).
/// </summary>
public sealed record TechniqueMigrationLogEntry
{
    public required long Id { get; init; }
    public required TechniqueReferenceKind Kind { get; init; }
    public required string OwnerId { get; init; }
    public required string OldTechniqueId { get; init; }
    public required string NewTechniqueId { get; init; }
    public string? OldCollectionKey { get; init; }
    public string? NewCollectionKey { get; init; }
    public required string Reason { get; init; }
    public string? Actor { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
}
