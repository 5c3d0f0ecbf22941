namespace Tessera.Core.Incidents;

/// <summary>The editable fields of an incident plus the <see cref="Version"/> the editor read.</summary>
public sealed record IncidentUpdate
{
    public required long Id { get; init; }
    public required long Version { get; init; }
    public required string Title { get; init; }
    public string Description { get; init; } = "";
    public required IncidentSeverity Severity { get; init; }
    public required IncidentState State { get; init; }
    public string? Assignee { get; init; }
    public long? ParentId { get; init; }
}
