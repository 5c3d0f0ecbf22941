namespace Tessera.Core.Detection.Registry;

/// <summary>What happened to a rule.</summary>
public enum RuleChangeKind
{
    Created,
    ContentUpdated,
    OwnerChanged,
    EnabledChanged,
    ValidationChanged,
    /// <summary>An ATT&amp;CK version migration rewrote technique tags (revoked → replacement).</summary>
    TechniquesMigrated,
}

/// <summary>One history row of a rule: re-imports that changed content, local edits and validation results.</summary>
public sealed record RuleChange(long Id, Guid RuleId, RuleChangeKind Kind, string Summary, string? Actor, DateTimeOffset At);
