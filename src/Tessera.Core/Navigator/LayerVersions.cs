namespace Tessera.Core.Navigator;

/// <summary>
/// The <c>versions</c> object. The layer format itself is fixed at <see cref="LayerFormat.LayerVersion"/>
/// because the model only represents 4.5; the reader upgrades older layers.
/// </summary>
public sealed record LayerVersions
{
    /// <summary>ATT&amp;CK release the layer was made for, e.g. "18"; null means "current" to the Navigator.</summary>
    public string? Attack { get; init; }

    /// <summary>Navigator version that wrote the layer; 4.5 requires at least 4.9.0.</summary>
    public string Navigator { get; init; } = LayerFormat.DefaultNavigatorVersion;
}
