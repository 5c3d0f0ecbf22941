namespace Tessera.Core.Detection.Sigma;

/// <summary>
/// What one file yielded. When <see cref="Errors"/> is non-empty the file is rejected as a whole and the
/// document lists are empty: a multi-document file never half-imports.
/// </summary>
public sealed record SigmaParseResult
{
    public required string File { get; init; }
    public IReadOnlyList<SigmaRule> Rules { get; init; } = [];
    public IReadOnlyList<SigmaCorrelationRule> Correlations { get; init; } = [];
    public IReadOnlyList<SigmaFilterRule> Filters { get; init; } = [];
    public IReadOnlyList<DetectionIssue> Errors { get; init; } = [];

    /// <summary>Warnings of all accepted documents.</summary>
    public IReadOnlyList<DetectionIssue> Warnings { get; init; } = [];

    public bool IsValid => Errors.Count == 0;

    public IEnumerable<SigmaDocument> Documents => Rules.Cast<SigmaDocument>().Concat(Correlations).Concat(Filters);
}
