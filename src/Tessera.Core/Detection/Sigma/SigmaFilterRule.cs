namespace Tessera.Core.Detection.Sigma;

/// <summary>
/// A Sigma meta filter (top-level <c>filter</c> key): an exclusion applied to other rules.
/// Recognised and kept; not applied.
/// </summary>
public sealed record SigmaFilterRule : SigmaDocument
{
    public required SigmaLogSource LogSource { get; init; }

    /// <summary>Rules the filter applies to, by ID or name.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];
    public required SigmaDetection Detection { get; init; }
}
