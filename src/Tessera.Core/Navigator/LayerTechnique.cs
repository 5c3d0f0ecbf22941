using Tessera.Core.Attack;

namespace Tessera.Core.Navigator;

/// <summary>
/// One entry of <c>techniques</c>: annotations for a technique or sub-technique, optionally limited to one tactic.
/// The ID is well-formed but need not exist in any loaded ATT&amp;CK release; <see cref="LayerValidator"/> flags that.
/// </summary>
public sealed record LayerTechnique
{
    public required TechniqueId TechniqueId { get; init; }

    /// <summary>Tactic short name (e.g. <c>lateral-movement</c>); null applies the annotations under every tactic.</summary>
    public string? Tactic { get; init; }

    public string? Comment { get; init; }

    /// <summary>Default true.</summary>
    public bool? Enabled { get; init; }

    /// <summary>Null means unscored: the gradient does not colour the technique.</summary>
    public double? Score { get; init; }

    /// <summary>Explicit colour overriding the score colour; "" means none.</summary>
    public string? Color { get; init; }

    /// <summary>Several named values, optionally split by dividers (Tessera writes e.g. coverage state, rules, origins).</summary>
    public IReadOnlyList<ILayerMetadataItem> Metadata { get; init; } = [];

    public IReadOnlyList<ILayerLinkItem> Links { get; init; } = [];

    /// <summary>Default false: whether sub-techniques are expanded when the layer opens.</summary>
    public bool? ShowSubtechniques { get; init; }
}
