namespace Tessera.Core.Incidents;

/// <summary>
/// A SIEM alert attached to an incident, reduced to what incidents need: the alert's own id in its SIEM, title,
/// SIEM name, the rule that fired, and the techniques alert mapping produced. Techniques roll up with origin
/// <c>alert:&lt;rule&gt;</c>.
/// </summary>
public sealed record IncidentAlert
{
    public required long Id { get; init; }
    public required long IncidentId { get; init; }
    public required string AlertId { get; init; }
    public required string Title { get; init; }
    public required string Source { get; init; }
    public required string Rule { get; init; }
    public IReadOnlyList<string> Techniques { get; init; } = [];
    public string? SourceKey { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
