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
    /// Every stored technique ID a migration from <paramref name="collectionKey"/> would touch: generic references and
    /// incident associations recorded against that key, plus (when <paramref name="includeUnversioned"/>) detection
    /// rule tags and alert-library entries, which carry no key. Ordered by kind, owner, ID.
    /// </summary>
    Task<IReadOnlyList<StoredTechniqueReference>> ListStoredAsync(string collectionKey, bool includeUnversioned, CancellationToken ct);

    /// <summary>Migration log rows of one owner (incident id, rule id, library entry key), oldest first.</summary>
    Task<IReadOnlyList<TechniqueMigrationLogEntry>> MigrationLogAsync(TechniqueReferenceKind kind, string ownerId, CancellationToken ct);

    /// <summary>
    /// Applies <paramref name="plan"/> in one transaction across generic references, incident associations and (when
    /// <see cref="TechniqueMigrationPlan.IncludeUnversioned"/>) rule tags and alert-library entries, recording the old ID
    /// of everything it touches (reference history, migration log, rule history). An incident association whose new ID
    /// already exists is merged into it. A plan listing the same old ID twice, or with blank IDs or keys, is rejected
    /// with errors and changes nothing.
    /// </summary>
    Task<TechniqueMigrationResult> MigrateTechniqueReferencesAsync(TechniqueMigrationPlan plan, CancellationToken ct);
}
