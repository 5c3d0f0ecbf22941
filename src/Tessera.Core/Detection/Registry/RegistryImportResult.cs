using Tessera.Core.Detection.Sigma;

namespace Tessera.Core.Detection.Registry;

/// <summary>
/// Outcome of importing a Sigma batch into the registry. Valid files are saved in one transaction
/// (<see cref="Saved"/>); every rejected file is listed with all its errors. In strict mode any rejection
/// saves nothing (<see cref="Committed"/> false).
/// </summary>
public sealed record RegistryImportResult
{
    public required int FilesScanned { get; init; }
    public IReadOnlyList<SigmaFileRejection> Rejections { get; init; } = [];

    /// <summary>Warnings of imported rules (newer-release tactics, techniques not in the loaded release).</summary>
    public IReadOnlyList<DetectionIssue> Warnings { get; init; } = [];

    /// <summary>What the transaction did; null when nothing was saved.</summary>
    public RuleImportSummary? Saved { get; init; }

    /// <summary>Correlation and filter documents are parsed and checked but are not detection rules of their own.</summary>
    public int CorrelationsAndFiltersNotImported { get; init; }
    public bool Committed => Saved is not null;
    public int FilesRejected => Rejections.Count;
}
