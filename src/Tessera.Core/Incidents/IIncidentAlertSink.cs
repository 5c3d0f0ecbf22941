namespace Tessera.Core.Incidents;

/// <summary>
/// Where alert mapping hands alerts to incidents: attaching rolls the alert's techniques up (origin
/// <c>alert:&lt;rule&gt;</c>) when the alert roll-up setting is on or that rule was rolled up by hand.
/// </summary>
public interface IIncidentAlertSink
{
    /// <summary>Attaches the alert; the result says why nothing was attached (unknown incident, bad input).</summary>
    Task<IncidentResult<IncidentAlert>> AttachAlertAsync(NewIncidentAlert alert, string changedBy, CancellationToken ct);
}
