using System.Globalization;
using System.Security.Claims;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Library;
using Tessera.Core.Alerts.Ingest;
using Tessera.Core.Alerts.Triage;
using Tessera.Core.Attack;
using Tessera.Core.Incidents;
using Tessera.Core.Security;
using Tessera.Core.Storage;
using Tessera.Server.Api;
using Tessera.Server.Api.Incidents;
using Tessera.Server.Security;

namespace Tessera.Server.Alerts;

/// <summary>
/// Ingest and triage for both the REST API and the UI, so the permission check, the library update, the re-mapping
/// and the audit entry happen the same way whichever door a decision comes through.
/// </summary>
public sealed class AlertTriageService(AlertMappingService mapping, IAlertRecordStore alerts, AuditWriter audit, IIncidentAlertSink incidents)
{
    /// <summary>Most alerts one ingest or map call takes; larger sets go in several calls or through the CLI.</summary>
    public const int MaxBatch = 10_000;

    public const int Top = 5;

    public async Task<TriageOutcome<IngestReport>> IngestAsync(IReadOnlyList<AlertInput> inputs, IReadOnlyList<AlertParseError> errors,
        ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.Has(Permission.ChangeAlerts))
        {
            return new TriageError(TriageErrorKind.Forbidden, "ingesting alerts needs the ChangeAlerts permission (Analyst or Admin)");
        }

        var mapper = await mapping.GetMapperAsync(mapping.BuildWait, ct);
        if (mapper is null)
        {
            return new TriageError(TriageErrorKind.Unavailable, mapping.Problem ?? "alert mapping is unavailable");
        }

        var records = inputs.Select(i => new NewAlertRecord
        {
            Alert = i.Alert,
            RawJson = i.Raw,
            MappingJson = AlertMappingJson.Serialize(mapper.Map(i.Alert, Top)),
        }).ToList();
        var stored = records.Count == 0 ? [] : await alerts.AddAsync(records, ct);
        var notices = inputs.SelectMany(i => i.Notices.Select(n => $"line {i.Line}: {n}"))
            .Concat(inputs.Where(i => i.Raw.Length > NewAlertRecord.MaxRawJsonChars)
                .Select(i => $"line {i.Line}: raw JSON kept only up to {NewAlertRecord.MaxRawJsonChars:N0} chars"))
            .ToList();
        if (stored.Count > 0 || errors.Count > 0)
        {
            await audit.WriteAsync(user, "alert.ingest", "alert", stored.Count == 0 ? null : $"{stored[0].Id}..{stored[^1].Id}", null,
                new { accepted = stored.Count, rejected = errors.Count, ids = stored.Select(s => s.Id), errors = errors.Select(e => e.ToString()) }, ct);
        }

        return new IngestReport(inputs.Select((i, n) => (i.Line, stored[n])).ToList(), errors, notices);
    }

    public async Task<TriageOutcome<FeedbackResult>> FeedbackAsync(long id, AlertFeedback feedback, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.Has(Permission.ChangeAlerts))
        {
            return new TriageError(TriageErrorKind.Forbidden, "triage needs the ChangeAlerts permission (Analyst or Admin)");
        }

        var invalid = (feedback.Techniques ?? []).Where(t => !TechniqueId.TryParse(t, out _)).ToList();
        if (invalid.Count > 0)
        {
            return new TriageError(TriageErrorKind.Invalid,
                $"not ATT&CK technique IDs (expected T1234 or T1234.567): {string.Join(", ", invalid.Select(i => $"'{i}'"))}", invalid);
        }

        if (feedback.Techniques?.Count > LibraryJson.MaxTechniques)
        {
            return new TriageError(TriageErrorKind.Invalid,
                $"techniques lists {feedback.Techniques.Count:N0} IDs; a decision names at most {LibraryJson.MaxTechniques}");
        }

        if (feedback.Note?.Length > AlertLibrary.MaxNote)
        {
            return new TriageError(TriageErrorKind.Invalid, $"note has {feedback.Note.Length:N0} characters; at most {AlertLibrary.MaxNote:N0}", Field: "note");
        }

        if (Core.Text.PlainText.MultiLineProblem("note", feedback.Note) is { } noteProblem)
        {
            return new TriageError(TriageErrorKind.Invalid, noteProblem, Field: "note");
        }

        var record = await alerts.GetAsync(id, ct);
        if (record is null)
        {
            return new TriageError(TriageErrorKind.NotFound, $"no alert {id}");
        }

        if (feedback.ExpectedVersion is { } expected && expected != record.Version)
        {
            return Overtaken(record, expected);
        }

        var mapper = await mapping.GetMapperAsync(mapping.BuildWait, ct);
        if (mapper?.Library is null)
        {
            return new TriageError(TriageErrorKind.Unavailable, mapping.Problem ?? "alert mapping is unavailable");
        }

        var suggested = AlertMappingJson.Deserialize(record.MappingJson)?.Techniques.Select(t => t.Id).ToList() ?? [];
        var ids = (feedback.Techniques ?? []).Select(t => TechniqueId.Parse(t).Value).Distinct().ToList();
        if (ids.Count == 0)
        {
            ids = feedback.Action switch
            {
                FeedbackAction.Confirm => suggested.Take(1).ToList(),
                FeedbackAction.Reject => suggested,
                _ => [],
            };
        }

        if (ids.Count == 0)
        {
            return new TriageError(TriageErrorKind.Invalid, feedback.Action == FeedbackAction.Correct
                ? "a correction needs the right technique IDs"
                : "the alert has no suggested technique to apply this to; give technique IDs");
        }

        var analyst = user.Actor().Name;
        var state = feedback.Action switch
        {
            FeedbackAction.Confirm => TriageState.Confirmed,
            FeedbackAction.Correct => TriageState.Corrected,
            _ => TriageState.Rejected,
        };
        // The decision first claims the alert at the version read above, so of two decisions racing past the check above
        // only one gets further: the other is answered 409 with nothing written (library, alert, audit). The claim keeps
        // the old mapping; the mapping made after the library learnt follows below without changing the version.
        // Without a version (automation) the decision claims the alert again at the newer version when another decision
        // landed since the read (SaveRetry); the record claimed is the one the rest of the decision uses.
        var claimedFrom = record;
        var claim = await SaveRetry.WhileConflictAsync(feedback.ExpectedVersion is null ? SaveRetry.UnversionedAttempts : 1, async attempt =>
        {
            if (attempt > 1)
            {
                if (await alerts.GetAsync(id, ct) is not { } newer)
                {
                    return SaveResult<AlertRecord>.NotFound($"no alert {id}");
                }

                claimedFrom = newer;
            }

            return await alerts.SetTriageAsync(id, claimedFrom.Version, state, analyst, claimedFrom.MappingJson, ct);
        });
        record = claimedFrom;

        if (claim.Status == SaveStatus.Conflict && await alerts.GetAsync(id, ct) is { } now)
        {
            return Overtaken(now, record.Version);
        }

        if (claim.Value is not { } claimed)
        {
            return new TriageError(TriageErrorKind.NotFound, $"no alert {id}");
        }

        var library = mapper.Library;
        try
        {
            _ = feedback.Action switch
            {
                FeedbackAction.Confirm => await library.ConfirmAsync(record.Title, analyst, ids, ct, feedback.Note),
                FeedbackAction.Correct => await library.CorrectAsync(record.Title, analyst, ids, ct, feedback.Note),
                _ => await library.RejectAsync(record.Title, analyst, ids, ct, feedback.Note),
            };
        }
        catch
        {
            // The library did not learn the decision: the alert goes back to what it was, so the two never disagree.
            await alerts.RestoreTriageAsync(record, claimed.Version, CancellationToken.None);
            throw;
        }

        var remapped = AlertMappingJson.Serialize(mapper.Map(Reparse(record), Top));
        // When a deliberate override landed in between, its own mapping is the newer one and stays.
        var updated = await alerts.SetMappingAsync(id, claimed.Version, remapped, ct)
            ? claimed with { MappingJson = remapped }
            : await alerts.GetAsync(id, ct) ?? claimed;

        var unknown = ids.Where(t => mapper.Attack.FindTechnique(t) is null).ToList();
        await audit.WriteAsync(user, "alert.feedback", "alert", id.ToString(),
            new { state = record.State, suggested, triagedBy = record.TriagedBy },
            new { state, action = feedback.Action, techniques = ids, unknownTechniques = unknown, signature = Core.Alerts.Library.AlertSignature.Normalize(record.Title), feedback.Note }, ct);

        // Incidents the alert was attached to carry a copy of its techniques: the decision reaches them too.
        var refreshed = await incidents.RefreshAlertAsync(updated, ct);
        foreach (var (before, result) in refreshed.Where(r => r.Result.IsOk))
        {
            await audit.WriteAsync(user, "incident.alert.update", "incident", before.IncidentId.ToString(CultureInfo.InvariantCulture), before, result.Value, ct);
            await IncidentApi.AuditRollupsAsync(audit, user, result.Rollups, ct);
        }

        return new FeedbackResult(updated, feedback.Action, ids, unknown,
            refreshed.Where(r => r.Result.IsOk).Select(r => r.Before.IncidentId).Distinct().ToList(),
            refreshed.Where(r => r.Result.Outcome == IncidentOutcome.Locked).Select(r => r.Before.IncidentId).Distinct().ToList());
    }

    private static TriageError Overtaken(AlertRecord now, long expected) => new(TriageErrorKind.Conflict,
        $"alert {now.Id} changed since you opened it (version {expected}, now {now.Version}): "
        + (now.TriagedBy is null ? "it was updated" : $"{now.State.ToString().ToLowerInvariant()} by {now.TriagedBy} at {now.TriagedAt:yyyy-MM-dd HH:mm} UTC")
        + "; nothing was saved, review it and decide again", Current: now);

    // The stored raw JSON re-parses to the same alert (with its vendor hints) unless it was cut at the size cap.
    private static Alert Reparse(AlertRecord record) =>
        !record.RawTruncated && AlertParser.Parse(record.RawJson).Alert is { } alert ? alert : Alert.FromTitle(record.Title, record.ExternalId, record.Source);
}
