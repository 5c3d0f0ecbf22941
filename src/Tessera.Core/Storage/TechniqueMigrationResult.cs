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

    public bool Succeeded => Errors.Count == 0;
}
