namespace Tessera.Core.Exposures;

/// <summary>Where an exposure stands in its lifecycle. Only <see cref="Open"/> exposures feed the queues and threat priorities.</summary>
public enum ExposureStatus
{
    /// <summary>Not yet fixed: ranked in the exposure and gap queues.</summary>
    Open,

    /// <summary>Fixed. Reopened by the next import that still reports it.</summary>
    Resolved,

    /// <summary>
    /// Risk accepted (with a reason, until an end day): kept out of the queues and not reopened by imports, since acceptance
    /// outlives scans; once its end day begins it counts as open again.
    /// </summary>
    Accepted,
}
