namespace Tessera.Core.Detection.Registry;

/// <summary>
/// A rule entered by hand or through the API for a SIEM other than Sigma (Splunk, KQL, EQL …), as text fields
/// that <see cref="ManualRuleFactory"/> checks.
/// </summary>
public sealed record ManualRuleInput
{
    public required DetectionRuleSource Source { get; init; }

    /// <summary>The SIEM's own id (saved-search name, rule GUID); a new GUID when blank.</summary>
    public string? ExternalId { get; init; }
    public required string Title { get; init; }
    public required string QueryText { get; init; }
    public IReadOnlyList<string> Techniques { get; init; } = [];
    public IReadOnlyList<string> Tactics { get; init; } = [];

    /// <summary>Data component IDs (<c>DC0032</c>) or log sources (<c>WinEventLog:Security</c>, <c>WinEventLog:Sysmon EventCode=1</c>).</summary>
    public IReadOnlyList<string> DataSources { get; init; } = [];
    public string? Owner { get; init; }
    public string? Level { get; init; }
    public bool Enabled { get; init; } = true;
}

/// <summary>A rejected input field and why.</summary>
public sealed record FieldError(string Field, string Message);
