namespace Tessera.Core.Detection.Sigma;

/// <summary>
/// Outcome of importing a folder of Sigma files: accepted documents, every rejected file with all its
/// errors, and counts, so nothing is silently lost. Callers that need all-or-nothing check <see cref="IsComplete"/>.
/// </summary>
public sealed record SigmaImportResult
{
    public required string Root { get; init; }

    /// <summary>Files considered (*.yml, *.yaml).</summary>
    public required int FilesScanned { get; init; }
    public IReadOnlyList<SigmaRule> Rules { get; init; } = [];
    public IReadOnlyList<SigmaCorrelationRule> Correlations { get; init; } = [];
    public IReadOnlyList<SigmaFilterRule> Filters { get; init; } = [];
    public IReadOnlyList<SigmaFileRejection> Rejections { get; init; } = [];

    /// <summary>Rule IDs found in more than one file; the later file (ordinal path order) is also in <see cref="Rejections"/>.</summary>
    public IReadOnlyList<SigmaDuplicateId> DuplicateIds { get; init; } = [];

    /// <summary>Warnings of accepted documents (newer-release tactics, techniques absent from the loaded release).</summary>
    public IReadOnlyList<DetectionIssue> Warnings { get; init; } = [];

    public int FilesAccepted => FilesScanned - Rejections.Count;
    public bool IsComplete => Rejections.Count == 0;
}

/// <summary>A file that was not imported, with every error found in it.</summary>
public sealed record SigmaFileRejection(string File, IReadOnlyList<DetectionIssue> Errors);

/// <summary>The same rule ID in two files (paths relative to the import root).</summary>
public sealed record SigmaDuplicateId(Guid Id, string FirstFile, string SecondFile);
