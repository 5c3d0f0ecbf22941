namespace Tessera.Core.Coverage;

/// <summary>Why a technique lost coverage, judged from the state of the rules that held it before the change.</summary>
public enum RegressionCause
{
    /// <summary>A rule that held the technique's state was disabled.</summary>
    RuleDisabled,

    /// <summary>Its latest validation failed.</summary>
    ValidationFailed,

    /// <summary>Its passing validation is older than the cadence allows.</summary>
    ValidationStale,

    /// <summary>A data source it needs was degraded after its last passing test.</summary>
    DataSourceDegraded,

    /// <summary>A data source it needs was dropped (or no longer queryable).</summary>
    DataSourceDropped,

    /// <summary>The rule is gone from the registry or no longer tagged with the technique.</summary>
    RuleRemoved,
}
