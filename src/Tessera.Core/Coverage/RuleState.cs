namespace Tessera.Core.Coverage;

/// <summary>How one rule counts towards coverage.</summary>
public enum RuleState
{
    Validated,
    Untested,

    /// <summary>Passed once, but longer ago than its cadence allows or before its data source degraded.</summary>
    Stale,
    Failing,
    NoData,
    Disabled,
}
