using System.Globalization;
using System.Security.Claims;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Ingest;
using Tessera.Core.Alerts.Triage;
using Tessera.Core.Incidents;
using Tessera.Core.Text;
using Tessera.Server.Alerts;

namespace Tessera.Server.Api.Incidents;

/// <summary>
/// Attaches alerts to an incident for the REST API and the UI alike: stored alerts by id, and raw alerts (any shape
/// alert mapping reads) which are ingested first. Everything is checked before anything is written, so a bad id or an
/// unreadable alert attaches nothing. Each attach and the roll-ups it causes are audited.
/// </summary>
public sealed class IncidentAlertAttacher(IncidentService incidents, IIncidentStore store, IAlertRecordStore alerts,
    AlertTriageService triage, AuditWriter audit)
{
    /// <summary>An incident gathers a handful of alerts per action; a flood belongs in ingest, then attach by query.</summary>
    public const int MaxPerCall = 100;

    /// <summary>The attached rows (in the order given: stored ids, then raw alerts), or why nothing was attached.</summary>
    public async Task<IncidentResult<IReadOnlyList<IncidentAlert>>> AttachAsync(long incidentId, IReadOnlyList<long> alertIds,
        IReadOnlyList<AlertInput> raw, ClaimsPrincipal user, CancellationToken ct)
    {
        var incident = await store.FindAsync(incidentId, ct);
        if (incident is null)
        {
            return IncidentResult<IReadOnlyList<IncidentAlert>>.NotFound(Incident.Missing(incidentId));
        }

        if (incident.IsClosed)
        {
            return IncidentResult<IReadOnlyList<IncidentAlert>>.Locked(incident);
        }

        var (records, errors) = await CheckAsync(incidentId, alertIds, raw, ct);
        if (errors.Count > 0)
        {
            return IncidentResult<IReadOnlyList<IncidentAlert>>.Invalid(errors);
        }

        var byHand = new HashSet<long>();
        if (raw.Count > 0)
        {
            var ingest = await triage.IngestAsync(raw, [], user, ct);
            if (ingest.Error is { } error)
            {
                return IncidentResult<IReadOnlyList<IncidentAlert>>.Invalid([new IncidentError("ingest-failed", error.Message, "alerts")]);
            }

            byHand.UnionWith(ingest.Value!.Stored.Select(s => s.Alert.Id));
            records.AddRange(ingest.Value!.Stored.Select(s => s.Alert));
        }

        var attached = new List<IncidentAlert>();
        var rollups = new List<RollupChange>();
        foreach (var record in records)
        {
            var evidence = IncidentAlertEvidence.From(incidentId, record) with { GivenByHand = byHand.Contains(record.Id) };
            var result = await incidents.AttachAlertAsync(evidence, IncidentApi.Actor(user), ct);
            if (!result.IsOk)
            {
                // Only a concurrent close or attach gets here (everything else was checked above); report what was done.
                return result.As<IReadOnlyList<IncidentAlert>>() with { Rollups = rollups };
            }

            attached.Add(result.Value!);
            rollups.AddRange(result.Rollups);
            await audit.WriteAsync(user, "incident.alert.add", "incident", incidentId.ToString(CultureInfo.InvariantCulture), null, result.Value, ct);
            await IncidentApi.AuditRollupsAsync(audit, user, result.Rollups, ct);
        }

        return IncidentResult<IReadOnlyList<IncidentAlert>>.Ok(attached, rollups);
    }

    /// <summary>Detaches one attached alert (un-rolling its techniques) and audits the row as it was.</summary>
    public async Task<IncidentResult<bool>> DetachAsync(long incidentId, long itemId, ClaimsPrincipal user, CancellationToken ct)
    {
        var before = (await store.AlertsAsync(incidentId, ct)).FirstOrDefault(a => a.Id == itemId);
        var result = await incidents.DetachAlertAsync(incidentId, itemId, ct);
        if (result.IsOk)
        {
            await audit.WriteAsync(user, "incident.alert.remove", "incident", incidentId.ToString(CultureInfo.InvariantCulture), before, null, ct);
            await IncidentApi.AuditRollupsAsync(audit, user, result.Rollups, ct);
        }

        return result;
    }

    private async Task<(List<AlertRecord> Records, List<IncidentError> Errors)> CheckAsync(long incidentId, IReadOnlyList<long> alertIds,
        IReadOnlyList<AlertInput> raw, CancellationToken ct)
    {
        var rawCount = raw.Count;
        var errors = new List<IncidentError>();
        var records = new List<AlertRecord>();
        if (alertIds.Count + rawCount == 0)
        {
            errors.Add(new IncidentError("no-alerts", "Give stored alert ids (alertIds) or raw alerts (alerts).", "alertIds"));
        }
        else if (alertIds.Count + rawCount > MaxPerCall)
        {
            errors.Add(new IncidentError("too-many", $"At most {MaxPerCall} alerts per call.", "alertIds"));
            return (records, errors);
        }

        var rows = await store.AlertsAsync(incidentId, ct);
        var attached = rows.Select(a => a.AlertRecordId).OfType<long>().ToHashSet();
        var named = new Dictionary<long, int>();
        for (var i = 0; i < alertIds.Count; i++)
        {
            var field = $"alertIds[{i}]";
            // A repeated id is a mistake in the request (refused, not silently merged), not an alert already on the incident.
            if (!named.TryAdd(alertIds[i], i))
            {
                errors.Add(new IncidentError("duplicate-alert",
                    $"The request names alert {alertIds[i]} twice (alertIds[{named[alertIds[i]]}] and {field}); name each alert once.", field));
            }
            else if (await alerts.GetAsync(alertIds[i], ct) is not { } record)
            {
                errors.Add(new IncidentError("unknown-alert", $"There is no stored alert {alertIds[i]}.", field));
            }
            else if (attached.Contains(record.Id))
            {
                errors.Add(new IncidentError("already-attached", $"Alert {record.Id} is already attached to {Incident.FormatNumber(incidentId)}.", field));
            }
            else
            {
                records.Add(record);
            }
        }

        CheckRaw(incidentId, raw, rows, records, errors);
        return (records, errors);
    }

    /// <summary>
    /// A raw alert is the same SIEM alert as an attached one (or an earlier one in the request) when source and alert
    /// id match as they would be stored. Checked before anything is ingested, so a refused request stores nothing. An
    /// alert sent without an id carries <c>line-N</c> (its place in the request), which says nothing about identity.
    /// </summary>
    private static void CheckRaw(long incidentId, IReadOnlyList<AlertInput> raw, IReadOnlyList<IncidentAlert> rows,
        IReadOnlyList<AlertRecord> named, List<IncidentError> errors)
    {
        var onIncident = rows.Select(a => (a.Source, a.AlertId)).ToHashSet();
        var inRequest = named.Select(r => StoredKey(r.Source, r.ExternalId)).ToHashSet();
        var seen = new Dictionary<(string Source, string AlertId), int>();
        for (var i = 0; i < raw.Count; i++)
        {
            var alert = raw[i].Alert;
            if (alert.Id == Alert.LineId(raw[i].Line))
            {
                continue;
            }

            var key = StoredKey(alert.Source, alert.Id);
            var field = $"alerts[{i}]";
            if (!seen.TryAdd(key, i))
            {
                errors.Add(new IncidentError("duplicate-alert",
                    $"The request gives {key.Source} alert '{Echo.Clip(key.AlertId, 80)}' twice (alerts[{seen[key]}] and {field}); give each alert once.", field));
            }
            else if (inRequest.Contains(key))
            {
                errors.Add(new IncidentError("duplicate-alert",
                    $"The request names {key.Source} alert '{Echo.Clip(key.AlertId, 80)}' twice (in alertIds and as {field}); name each alert once.", field));
            }
            else if (onIncident.Contains(key))
            {
                errors.Add(new IncidentError("already-attached",
                    $"{key.Source} alert '{Echo.Clip(key.AlertId, 80)}' is already attached to {Incident.FormatNumber(incidentId)}.", field));
            }
        }
    }

    // Source and id as an attached row holds them: cut as the alert store cuts them, then as incident evidence does.
    private static (string Source, string AlertId) StoredKey(string source, string alertId) =>
        (PlainText.Cut(PlainText.Cut(source, 64), IncidentLimits.MaxLabel), PlainText.Cut(PlainText.Cut(alertId, 200), IncidentLimits.MaxLabel));
}
