using Tessera.Core.Attack;

namespace Tessera.Core.Detection.Registry;

/// <summary>
/// Registry filters; every set filter must match. <see cref="Techniques"/> and <see cref="Tactic"/> combine as
/// "tagged with the tactic, or with one of these techniques", so callers pass the techniques a tactic contains
/// in the loaded ATT&amp;CK release (the registry itself does not know releases).
/// </summary>
public sealed record RuleQuery
{
    /// <summary>Largest page; a registry holds tens of thousands of rules and a page is rendered as one table.</summary>
    public const int MaxTake = 500;

    /// <summary>Case-insensitive substring of the title or external id.</summary>
    public string? Text { get; init; }
    public IReadOnlyList<TechniqueId>? Techniques { get; init; }
    public string? Tactic { get; init; }
    public string? Owner { get; init; }

    /// <summary>Case-insensitive substring of the data source dependency: log source (<c>WinEventLog:Security</c>), data component or Sigma logsource text.</summary>
    public string? DataSource { get; init; }
    public ValidationStatus? Validation { get; init; }
    public bool? Enabled { get; init; }
    public DetectionRuleSource? Source { get; init; }

    /// <summary>Only rules never tested or last tested before this instant ("not tested in 90 days").</summary>
    public DateTimeOffset? NotTestedSince { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 100;
}
