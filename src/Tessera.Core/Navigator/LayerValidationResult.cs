using Tessera.Core.Attack;

namespace Tessera.Core.Navigator;

/// <summary>Findings of <see cref="LayerValidator"/>: all warnings, since the layer itself stays intact.</summary>
public sealed record LayerValidationResult
{
    public required IReadOnlyList<LayerIssue> Issues { get; init; }

    /// <summary>Distinct technique IDs the collection lacks, in layer order.</summary>
    public required IReadOnlyList<TechniqueId> UnknownTechniqueIds { get; init; }

    public required int CheckedTechniques { get; init; }
}
