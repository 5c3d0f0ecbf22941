namespace Tessera.Core.Incidents;

/// <summary>How bad an incident is, lowest first (ordering is used by filters).</summary>
public enum IncidentSeverity
{
    Low,
    Medium,
    High,
    Critical,
}
