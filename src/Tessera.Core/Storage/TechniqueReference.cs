namespace Tessera.Core.Storage;

/// <summary>
/// A feature's record that an object (<see cref="OwnerType"/> + <see cref="OwnerId"/>, e.g. an incident) points at
/// a technique ID as defined in one ATT&amp;CK collection version. IDs are kept verbatim, even ones the collection
/// does not know (newer releases), so nothing is lost; upgrading the collection rewrites them via
/// <see cref="ITechniqueReferenceStore.MigrateTechniqueReferencesAsync"/>.
/// </summary>
public sealed record TechniqueReference
{
    public required long Id { get; init; }
    public required string OwnerType { get; init; }
    public required string OwnerId { get; init; }
    public required string TechniqueId { get; init; }
    /// <summary>e.g. <c>enterprise-attack@18.1</c>.</summary>
    public required string CollectionKey { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
