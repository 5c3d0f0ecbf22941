namespace Tessera.Core.Navigator;

/// <summary>
/// Outcome of <see cref="LayerReader"/>. All or nothing: <see cref="Layers"/> is empty whenever
/// <see cref="Issues"/> holds an error; warnings and <see cref="Upgrades"/> accompany a successful read.
/// </summary>
public sealed record LayerReadResult
{
    /// <summary>One layer for a single-layer file, several for a file holding a JSON array of layers.</summary>
    public required IReadOnlyList<Layer> Layers { get; init; }

    public required IReadOnlyList<LayerIssue> Issues { get; init; }

    /// <summary>What was changed to bring older layers (2.x, 3.0, 4.0–4.4) to 4.5.</summary>
    public required IReadOnlyList<LayerUpgrade> Upgrades { get; init; }

    /// <summary>Layer format the file declared (first layer), e.g. "4.3", or null when it declared none.</summary>
    public string? SourceVersion { get; init; }

    public bool Succeeded => !Issues.Any(i => i.Severity == LayerIssueSeverity.Error);

    public IEnumerable<LayerIssue> Errors => Issues.Where(i => i.Severity == LayerIssueSeverity.Error);

    public IEnumerable<LayerIssue> Warnings => Issues.Where(i => i.Severity == LayerIssueSeverity.Warning);

    /// <summary>The single layer of a successful read; throws <see cref="InvalidOperationException"/> otherwise.</summary>
    public Layer Layer => Succeeded && Layers.Count == 1
        ? Layers[0]
        : throw new InvalidOperationException(Succeeded
            ? $"The file holds {Layers.Count} layers; use Layers"
            : "The layer has errors: " + string.Join("; ", Errors));
}
