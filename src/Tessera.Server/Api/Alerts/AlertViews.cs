using System.Text.Json;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Triage;

namespace Tessera.Server.Api.Alerts;

/// <summary>A stored alert as the API shows it; <see cref="Mapping"/> is the mapping record (same shape as <c>tessera map</c>).</summary>
public sealed record AlertView(long Id, string ExternalId, string Source, AlertShape Format, string Title, DateTimeOffset ReceivedAt,
    TriageState State, string? TriagedBy, DateTimeOffset? TriagedAt, bool RawTruncated, JsonElement Mapping, long Version, string? RawJson = null)
{
    public static AlertView Of(AlertRecord r, bool withRaw = false)
    {
        using var mapping = JsonDocument.Parse(r.MappingJson);
        return new(r.Id, r.ExternalId, r.Source, r.Format, r.Title, r.ReceivedAt, r.State, r.TriagedBy, r.TriagedAt, r.RawTruncated,
            mapping.RootElement.Clone(), r.Version, withRaw ? r.RawJson : null);
    }
}

public sealed record AlertPageView(int Total, int Skip, int Take, IReadOnlyList<AlertView> Items);

/// <summary>One result of a batch, in input order: a mapping, or the reason the line was rejected.</summary>
public sealed record MapBatchItem(int Line, AlertMapping? Mapping = null, string? Error = null);

public sealed record MapBatchResponse(int Accepted, int Rejected, IReadOnlyList<MapBatchItem> Results);

public sealed record IngestItem(int Line, long Id, AlertMapping Mapping);

public sealed record LineError(int Line, string Error);

public sealed record IngestResponse(int Accepted, int Rejected, IReadOnlyList<IngestItem> Alerts, IReadOnlyList<LineError> Errors, IReadOnlyList<string> Notices);

/// <summary>
/// Body of <c>POST /api/v1/alerts/{id}/feedback</c>: action is confirm, correct or reject. <see cref="ExpectedVersion"/> is
/// the alert's <c>version</c> the decision was made on: a stale one answers 409 with the alert as it now stands and writes
/// nothing. Omit it only where no person reviewed the alert (an integration applying its own verdict).
/// </summary>
public sealed record FeedbackRequest(string? Action, IReadOnlyList<string>? Techniques, string? Note, long? ExpectedVersion = null);

/// <summary>
/// The alert after the decision; <see cref="UnknownTechniques"/> lists IDs absent from the loaded ATT&amp;CK release (kept and
/// flagged); <see cref="IncidentsUpdated"/> the incidents the alert is attached to whose techniques followed the decision,
/// <see cref="IncidentsClosed"/> those that kept theirs because they are closed.
/// </summary>
public sealed record FeedbackResponse(AlertView Alert, string Action, IReadOnlyList<string> Techniques, IReadOnlyList<string> UnknownTechniques,
    IReadOnlyList<long> IncidentsUpdated, IReadOnlyList<long> IncidentsClosed);
