namespace Tessera.Core.Detection.Atomic;

/// <summary>
/// Outcome of reading the Atomic catalogue (YAML folder or CSV index). <see cref="Catalog"/> holds the
/// accepted techniques; every rejected file or line is in <see cref="Errors"/>.
/// </summary>
public sealed record AtomicCatalogResult
{
    public required AtomicCatalog Catalog { get; init; }

    /// <summary>Technique files (YAML) or data lines (CSV) read.</summary>
    public required int ItemsScanned { get; init; }
    public IReadOnlyList<DetectionIssue> Errors { get; init; } = [];

    /// <summary>Files or lines rejected (each may have several errors).</summary>
    public int Rejected { get; init; }
    public bool IsComplete => Errors.Count == 0;
}
