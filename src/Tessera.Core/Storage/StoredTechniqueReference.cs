namespace Tessera.Core.Storage;

/// <summary>
/// One technique ID as stored by a feature, listed for a migration preview. <see cref="OwnerId"/> names the row that
/// holds it (incident id, rule id, library entry key, reference id); <see cref="CollectionKey"/> is null for kinds
/// that are not versioned (rules, alert library).
/// </summary>
public sealed record StoredTechniqueReference
{
    public required TechniqueReferenceKind Kind { get; init; }
    public required string OwnerId { get; init; }
    /// <summary>Human label of the owner: incident or rule title, library example title, reference owner.</summary>
    public required string Label { get; init; }
    public required string TechniqueId { get; init; }
    public string? CollectionKey { get; init; }
}
