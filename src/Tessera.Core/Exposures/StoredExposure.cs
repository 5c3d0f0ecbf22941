using Tessera.Core.Attack;

namespace Tessera.Core.Exposures;

/// <summary>A technique an analyst linked to one stored exposure by hand; kept across re-imports.</summary>
public sealed record ManualExposureTechnique(TechniqueId Technique, string AddedBy, DateTimeOffset AddedAt);

/// <summary>An exposure as stored: the last imported values, its stable key and the techniques mapped to it by hand.</summary>
public sealed record StoredExposure
{
    public required Guid Id { get; init; }

    /// <summary>See <see cref="ExposureKey"/>.</summary>
    public required string Key { get; init; }

    /// <summary>The values of the latest import (its <see cref="Exposure.Techniques"/> are the file's own mappings).</summary>
    public required Exposure Exposure { get; init; }

    public IReadOnlyList<ManualExposureTechnique> ManualTechniques { get; init; } = [];

    public required DateTimeOffset FirstImported { get; init; }

    public required DateTimeOffset LastImported { get; init; }

    public string? ImportedBy { get; init; }

    public ExposureStatus Status { get; init; } = ExposureStatus.Open;

    /// <summary>Why the status was last set (required for <see cref="ExposureStatus.Accepted"/>), at most <see cref="MaxStatusReasonChars"/>.</summary>
    public string? StatusReason { get; init; }

    /// <summary>Who last changed the status (a user, or the importer that reopened it); null until the first change.</summary>
    public string? StatusChangedBy { get; init; }

    public DateTimeOffset? StatusChangedAt { get; init; }

    /// <summary>
    /// For <see cref="ExposureStatus.Accepted"/>: the UTC day the acceptance ends (it holds before that day and is expired from
    /// its start on; see <see cref="ExposureStatusRules.IsAcceptanceExpired"/>). Null otherwise, and for acceptances stored
    /// before expiry dates existed (they never expire).
    /// </summary>
    public DateOnly? AcceptedUntil { get; init; }

    /// <summary>Changes with every status change; a change made on an older one is refused (<see cref="IExposureStore.SetStatusAsync(Guid, long?, ExposureStatus, string?, DateOnly?, string, CancellationToken)"/>).</summary>
    public long StatusVersion { get; init; }

    /// <summary>
    /// True when <paramref name="other"/> has the same status, reason and end day: setting them again changed nothing, so
    /// the API and the CLI write no audit entry for it.
    /// </summary>
    public bool HasSameStatusAs(StoredExposure other) =>
        (Status, StatusReason, AcceptedUntil) == (other.Status, other.StatusReason, other.AcceptedUntil);

    /// <summary>A reason is a sentence or two for the audit trail, not a report: longer text belongs in a ticket it can link to.</summary>
    public const int MaxStatusReasonChars = 500;

    /// <summary>
    /// A new acceptance ends at most this many days ahead: risk acceptances are reviewed at least yearly, so a longer one is
    /// a renewal decided later, not a date set once and forgotten.
    /// </summary>
    public const int MaxAcceptanceDays = 365;
}
