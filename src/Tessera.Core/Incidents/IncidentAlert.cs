namespace Tessera.Core.Incidents;

/// <summary>
/// A SIEM alert attached to an incident, reduced to what incidents need: the alert's own id in its SIEM, title,
/// SIEM name, the rule that fired (for triaged alerts: the library signature of the title), and the techniques alert
/// mapping produced. Techniques roll up with origin <c>alert:&lt;key&gt; &lt;rule&gt;</c> (<see cref="AssociationOrigin.Alert"/>).
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
    /// <summary>The stored alert (alert triage) this row was made from; null for alerts an integration described directly.</summary>
    public long? AlertRecordId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
