namespace Tessera.Core.Detection.Sigma;

/// <summary>
/// A Sigma correlation rule (top-level <c>correlation</c> key): aggregates matches of other rules.
/// Recognised and kept; not evaluated.
/// </summary>
public sealed record SigmaCorrelationRule : SigmaDocument
{
    /// <summary><c>event_count</c>, <c>value_count</c>, <c>temporal</c>, <c>temporal_ordered</c>, <c>value_sum</c> …, as written.</summary>
    public required string CorrelationType { get; init; }

    /// <summary>Referenced rules by ID or name, as written.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];
    public IReadOnlyList<string> GroupBy { get; init; } = [];

    /// <summary>Time window such as <c>5m</c> (<c>timespan</c>, or legacy <c>timeframe</c>).</summary>
    public string? Timespan { get; init; }
}
