namespace Tessera.Core.Storage;

/// <summary>Technique IDs that features record against a collection version, with their rewrite history.</summary>
public interface ITechniqueReferenceStore
{
    /// <summary>Stores a reference (any ID text is kept verbatim) and returns it with its id.</summary>
    Task<TechniqueReference> AddAsync(NewTechniqueReference reference, CancellationToken ct);

    /// <summary>References of one owner, ordered by id.</summary>
    Task<IReadOnlyList<TechniqueReference>> ListByOwnerAsync(string ownerType, string ownerId, CancellationToken ct);

    /// <summary>History rows of one reference, oldest first.</summary>
    Task<IReadOnlyList<TechniqueReferenceChange>> HistoryAsync(long referenceId, CancellationToken ct);

    /// <summary>
    /// Applies <paramref name="plan"/> in one transaction, writing a history row for every reference it touches.
    /// A plan listing the same old ID twice, or with blank IDs or keys, is rejected with errors and changes nothing.
    /// </summary>
    Task<TechniqueMigrationResult> MigrateTechniqueReferencesAsync(TechniqueMigrationPlan plan, CancellationToken ct);
}
