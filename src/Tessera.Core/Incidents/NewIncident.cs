namespace Tessera.Core.Incidents;

/// <summary>Input for creating an incident. Limits: see <see cref="IncidentLimits"/>.</summary>
public sealed record NewIncident
{
    public required string Title { get; init; }
    public string Description { get; init; } = "";
    public IncidentSeverity Severity { get; init; } = IncidentSeverity.Medium;
    public IncidentState State { get; init; } = IncidentState.New;
    public string? Assignee { get; init; }
    public long? ParentId { get; init; }
}
