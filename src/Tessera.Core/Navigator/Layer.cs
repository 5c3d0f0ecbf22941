namespace Tessera.Core.Navigator;

/// <summary>
/// One ATT&amp;CK Navigator layer in format 4.5
/// (<see href="https://github.com/mitre-attack/attack-navigator/blob/master/layers/spec/v4.5/layerformat.md">layer format 4.5</see>).
/// Optional scalars are nullable so that "absent" (the Navigator default applies) stays distinct from an
/// explicit value and a read/write round trip reproduces the file. Empty lists are written as absent.
/// Lists are held by reference: compare layers through <see cref="LayerWriter"/> output, not record equality.
/// </summary>
public sealed record Layer
{
    public required string Name { get; init; }

    /// <summary>Always describes layer format 4.5; the reader upgrades older files.</summary>
    public LayerVersions Versions { get; init; } = new();

    /// <summary>Navigator domain name: <c>enterprise-attack</c>, <c>mobile-attack</c> or <c>ics-attack</c>.</summary>
    public required string Domain { get; init; }

    public string? Description { get; init; }

    /// <summary>Kept as data only: Tessera never fetches it (file content must not choose URLs to load).</summary>
    public string? CustomDataUrl { get; init; }

    public LayerFilters? Filters { get; init; }

    /// <summary>0 name ascending (default), 1 name descending, 2 score ascending, 3 score descending.</summary>
    public int? Sorting { get; init; }

    public LayerLayout? Layout { get; init; }

    /// <summary>Default false: disabled techniques are greyed out rather than hidden.</summary>
    public bool? HideDisabled { get; init; }

    public IReadOnlyList<LayerTechnique> Techniques { get; init; } = [];

    /// <summary>Null means the Navigator default (red to green, 0 to 100).</summary>
    public LayerGradient? Gradient { get; init; }

    public IReadOnlyList<LayerLegendItem> LegendItems { get; init; } = [];

    public bool? ShowTacticRowBackground { get; init; }

    /// <summary>Colour <c>#rrggbb</c>; Navigator default <c>#dddddd</c>.</summary>
    public string? TacticRowBackground { get; init; }

    /// <summary>Navigator default true.</summary>
    public bool? SelectTechniquesAcrossTactics { get; init; }

    /// <summary>Navigator default true.</summary>
    public bool? SelectSubtechniquesWithParent { get; init; }

    /// <summary>Navigator default false.</summary>
    public bool? SelectVisibleTechniques { get; init; }

    public IReadOnlyList<ILayerMetadataItem> Metadata { get; init; } = [];

    public IReadOnlyList<ILayerLinkItem> Links { get; init; } = [];
}
