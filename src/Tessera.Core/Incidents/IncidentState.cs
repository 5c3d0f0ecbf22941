namespace Tessera.Core.Incidents;

/// <summary>Life cycle of an incident. A <see cref="Closed"/> incident keeps its fields locked; only its ATT&amp;CK associations may change.</summary>
public enum IncidentState
{
    New,
    InProgress,
    Contained,
    Closed,
}
