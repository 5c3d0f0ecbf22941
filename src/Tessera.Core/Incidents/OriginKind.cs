namespace Tessera.Core.Incidents;

/// <summary>
/// Where an incident's technique association came from. Every kind but <see cref="Manual"/> is derived
/// (rolled up) from evidence and is recomputed by <see cref="IncidentRollup"/>.
/// </summary>
public enum OriginKind
{
    /// <summary>An analyst picked it; the origin reference is the analyst's name.</summary>
    Manual,
    /// <summary>A threat lookup attached to the incident itself; reference: lookup id.</summary>
    ThreatLookup,
    /// <summary>The threat lookups attached to one observable; reference: observable id.</summary>
    Observable,
    /// <summary>Every association of a child incident (its own roll-ups included); reference: child incident id.</summary>
    ChildIncident,
    /// <summary>One SIEM alert attached to the incident; reference: its key and rule (see <see cref="AssociationOrigin.Alert"/>).</summary>
    Alert,
}
