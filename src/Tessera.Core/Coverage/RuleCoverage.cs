using Tessera.Core.Attack;
using Tessera.Core.Detection;

namespace Tessera.Core.Coverage;

/// <summary>How one rule counts: its state, why (missing data, stale), and when it is next due for validation.</summary>
public sealed record RuleCoverage
{
    public required Guid RuleId { get; init; }
    public required string Title { get; init; }
    public required string ExternalId { get; init; }
    public required DetectionRuleSource Source { get; init; }
    public string? Owner { get; init; }
    public required RuleState State { get; init; }
    public required IReadOnlyList<TechniqueId> Techniques { get; init; }
    public DateTimeOffset? LastTested { get; init; }

    /// <summary>When the next validation is due (last test + cadence); null when never tested.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Requirements no available source meets (e.g. <c>WinEventLog:Security</c>).</summary>
    public IReadOnlyList<string> MissingData { get; init; } = [];

    /// <summary>Data sources this rule depends on, as short labels.</summary>
    public IReadOnlyList<string> DataSources { get; init; } = [];

    /// <summary>Set when every source of a requirement is degraded: validations before this instant count as stale.</summary>
    public DateTimeOffset? DegradedSince { get; init; }

    /// <summary>The technique state this rule supports; null for a disabled rule.</summary>
    public CoverageState? Contributes => State switch
    {
        RuleState.Validated => CoverageState.Validated,
        RuleState.Failing => CoverageState.Failing,
        RuleState.Untested or RuleState.Stale => CoverageState.RuleExists,
        RuleState.NoData => CoverageState.NoData,
        _ => null,
    };
}
