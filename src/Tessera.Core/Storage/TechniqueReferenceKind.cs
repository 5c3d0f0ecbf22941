namespace Tessera.Core.Storage;

/// <summary>Where a stored technique ID lives; a collection upgrade rewrites all of them.</summary>
public enum TechniqueReferenceKind
{
    /// <summary>A row of the generic reference table (<see cref="ITechniqueReferenceStore.AddAsync"/>); carries a collection key.</summary>
    Reference,
    /// <summary>An incident's technique association; carries the collection key it was made against.</summary>
    IncidentAssociation,
    /// <summary>A detection rule's technique tag; rules carry no collection key (Sigma tags name Enterprise IDs).</summary>
    DetectionRule,
    /// <summary>A technique confirmed or rejected on an alert-library entry; no collection key (Enterprise).</summary>
    AlertLibraryEntry,
}
