namespace Tessera.Core.Alerts.Triage;

/// <summary>
/// An ingested alert as stored for triage: what arrived (raw JSON, capped), what the mapper suggested at the time
/// (<see cref="MappingJson"/>, the <see cref="AlertMappingJson"/> wire format), and the analyst's decision.
/// </summary>
public sealed record AlertRecord
{
    public required long Id { get; init; }
    /// <summary>The alert's own ID from its source (or <c>line-N</c> when it had none).</summary>
    public required string ExternalId { get; init; }
    public required string Source { get; init; }
    public required AlertShape Format { get; init; }
    public required string Title { get; init; }
    public required string RawJson { get; init; }
    /// <summary>True when <see cref="RawJson"/> was cut at <see cref="NewAlertRecord.MaxRawJsonChars"/>.</summary>
    public bool RawTruncated { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required string MappingJson { get; init; }
    public TriageState State { get; init; }
    public string? TriagedBy { get; init; }
    public DateTimeOffset? TriagedAt { get; init; }
    /// <summary>Changes with every decision; a decision names the version it was made on (<see cref="IAlertRecordStore.SetTriageAsync"/>).</summary>
    public long Version { get; init; }
}
