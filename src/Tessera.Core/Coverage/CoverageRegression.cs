using Tessera.Core.Attack;

namespace Tessera.Core.Coverage;

/// <summary>
/// One technique that lost coverage in one change: its state before and after, the main cause, the rules that
/// worsened and the data sources involved. Regressions of one change share <see cref="ChangeId"/>.
/// </summary>
public sealed record CoverageRegression
{
    /// <summary>Storage id (0 until stored).</summary>
    public long Id { get; init; }
    public required Guid ChangeId { get; init; }
    public required DateTimeOffset DetectedAt { get; init; }

    /// <summary>What changed: <c>rule.edit</c>, <c>validation.record</c>, <c>datasource.status</c>, <c>staleness-check</c> …</summary>
    public required string Trigger { get; init; }
    public string? Actor { get; init; }
    public required string CollectionKey { get; init; }
    public required TechniqueId Technique { get; init; }
    public required string TechniqueName { get; init; }
    public bool IsPriority { get; init; }
    public required CoverageState Before { get; init; }
    public required CoverageState After { get; init; }
    public required RegressionCause Cause { get; init; }
    public IReadOnlyList<RegressedRule> Rules { get; init; } = [];

    /// <summary>Data source labels that are missing or degraded for the worsened rules.</summary>
    public IReadOnlyList<string> DataSources { get; init; } = [];

    /// <summary>True when the technique was validated before and is not now.</summary>
    public bool LostValidated => Before == CoverageState.Validated && After != CoverageState.Validated;
}
