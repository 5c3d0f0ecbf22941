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

    /// <summary>
    /// An analyst decided on <paramref name="record"/> after it was attached: every incident row made from it takes the
    /// techniques the decision gives (<see cref="IncidentAlertEvidence.From"/>) and the incident's roll-up follows. Rows whose
    /// techniques do not change are left alone; closed incidents keep what they were closed with (their result is Locked).
    /// </summary>
    Task<IReadOnlyList<AlertRefresh>> RefreshAlertAsync(Alerts.Triage.AlertRecord record, CancellationToken ct);
}

/// <summary>One attached alert row before a triage decision and what refreshing it did (the row after it, or why not).</summary>
public sealed record AlertRefresh(IncidentAlert Before, IncidentResult<IncidentAlert> Result);
