namespace Tessera.Core.Exposures;

/// <summary>
/// The <c>data</c> of an <c>exposure.acceptance.expired</c> webhook: the exposure, and the acceptance that ended (who accepted
/// it, when, why, and its end day). <see cref="Title"/>, <see cref="Asset"/> and <see cref="Reason"/> are untrusted text.
/// </summary>
public sealed record AcceptanceExpiredPayload
{
    public required Guid ExposureId { get; init; }
    public required string Key { get; init; }
    public string? Cve { get; init; }
    public required string Asset { get; init; }
    public required ExposureSeverity Severity { get; init; }
    public required string Title { get; init; }

    /// <summary>The day the acceptance ended (expired from its start, 00:00 UTC), <c>YYYY-MM-DD</c>.</summary>
    public required DateOnly AcceptedUntil { get; init; }

    public string? AcceptedBy { get; init; }
    public DateTimeOffset? AcceptedAt { get; init; }
    public string? Reason { get; init; }

    public static AcceptanceExpiredPayload Of(StoredExposure s, DateOnly until) => new()
    {
        ExposureId = s.Id, Key = s.Key, Cve = s.Exposure.Cve, Asset = s.Exposure.Asset, Severity = s.Exposure.Severity, Title = s.Exposure.Title,
        AcceptedUntil = until, AcceptedBy = s.StatusChangedBy, AcceptedAt = s.StatusChangedAt, Reason = s.StatusReason,
    };
}
