namespace Tessera.Core.Incidents;

/// <summary>How an incident use case ended.</summary>
public enum IncidentOutcome
{
    Ok,
    NotFound,
    /// <summary>The caller's version is stale; <see cref="IncidentResult{T}.Current"/> holds the stored incident.</summary>
    Conflict,
    /// <summary>Bad input; <see cref="IncidentResult{T}.Errors"/> lists every problem and nothing was saved.</summary>
    Invalid,
    /// <summary>The incident is closed and the change is not an ATT&amp;CK association change.</summary>
    Locked,
}
