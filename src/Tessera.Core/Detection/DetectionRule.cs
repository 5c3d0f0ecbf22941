using Tessera.Core.Attack;

namespace Tessera.Core.Detection;

/// <summary>Where a detection rule comes from, i.e. the language of <see cref="DetectionRule.QueryText"/>.</summary>
public enum DetectionRuleSource
{
    Sigma,
    Splunk,
    Kql,
    Eql,
    Other,
}

/// <summary>Whether a rule has been shown to fire on the behaviour it claims to detect.</summary>
public enum ValidationStatus
{
    Untested,
    TestedPassing,
    TestedFailing,
    Disabled,
}

/// <summary>
/// A detection rule as the product stores and scores it, independent of its source format. Storage and the
/// coverage engine use this type; format readers (e.g. <see cref="Sigma.SigmaRuleMapper"/>) produce it.
/// </summary>
public sealed record DetectionRule
{
    public required DetectionRuleSource Source { get; init; }

    /// <summary>The source's own identifier (Sigma UUID, Splunk saved-search name …).</summary>
    public required string ExternalId { get; init; }
    public required string Title { get; init; }

    /// <summary>The rule text in its source language (the Sigma YAML document for Sigma rules).</summary>
    public required string QueryText { get; init; }
    public IReadOnlyList<TechniqueId> Techniques { get; init; } = [];

    /// <summary>Tactic short names (<c>execution</c>, <c>stealth</c> …) as tagged, including newer-release ones.</summary>
    public IReadOnlyList<string> Tactics { get; init; } = [];
    public IReadOnlyList<DataRequirement> DataRequirements { get; init; } = [];

    /// <summary>Severity as text (<c>informational</c> … <c>critical</c>), null when unspecified.</summary>
    public string? Level { get; init; }
    public string? Owner { get; init; }
    public bool Enabled { get; init; } = true;
    public ValidationStatus Validation { get; init; } = ValidationStatus.Untested;
    public DateTimeOffset? LastTested { get; init; }
}
