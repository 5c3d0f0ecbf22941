namespace Tessera.Core.Incidents;

/// <summary>
/// Where alert mapping hands alerts to incidents: attaching rolls the alert's techniques up (origin
/// <c>alert:&lt;key&gt; &lt;rule&gt;</c>) when the alert roll-up setting is on or that alert was rolled up by hand.
/// <see cref="IncidentAlertEvidence.From"/> turns a stored (triaged) alert into the input.
/// </summary>
public interface IIncidentAlertSink
{
    /// <summary>Attaches the alert; the result says why nothing was attached (unknown or closed incident, bad input, already attached).</summary>
    Task<IncidentResult<IncidentAlert>> AttachAlertAsync(NewIncidentAlert alert, string changedBy, CancellationToken ct);
}
