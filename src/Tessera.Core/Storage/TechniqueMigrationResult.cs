namespace Tessera.Core.Storage;

/// <summary>
/// What <see cref="ITechniqueReferenceStore.MigrateTechniqueReferencesAsync"/> did. When <see cref="Errors"/> is
/// not empty the plan was rejected and nothing changed (all-or-nothing).
/// </summary>
public sealed record TechniqueMigrationResult
{
    /// <summary>References whose technique ID changed.</summary>
    public required int Rewritten { get; init; }
    /// <summary>References that kept their ID and only moved to the new collection.</summary>
    public required int Retargeted { get; init; }
    public required IReadOnlyList<string> Errors { get; init; }
    /// <summary>Rewrites per store (generic references included), in the order applied.</summary>
    public IReadOnlyList<AppliedTechniqueMigration> Changes { get; init; } = [];

    public bool Succeeded => Errors.Count == 0;
}

/// <summary>One stored ID rewritten; <see cref="Merged"/> when the new ID was already there and the old row was folded into it.</summary>
public sealed record AppliedTechniqueMigration(TechniqueReferenceKind Kind, string OwnerId, string OldId, string NewId, bool Merged = false);
