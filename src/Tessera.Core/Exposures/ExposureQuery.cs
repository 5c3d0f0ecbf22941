namespace Tessera.Core.Exposures;

/// <summary>Storage-side filters for <see cref="IExposureStore.ListAsync"/>; null means any.</summary>
public sealed record ExposureQuery
{
    public static ExposureQuery All { get; } = new();

    /// <summary>Exact CVE ID, case-insensitive.</summary>
    public string? Cve { get; init; }

    /// <summary>Part of the asset name, case-insensitive.</summary>
    public string? Asset { get; init; }

    public ExposureSeverity? Severity { get; init; }

    /// <summary>The status that counts at <see cref="AsOf"/>: an expired acceptance is open (see <see cref="ExposureStatusRules.EffectiveStatus"/>).</summary>
    public ExposureStatus? Status { get; init; }

    /// <summary>Acceptances ending within <see cref="EndingWithinDays"/> days of <see cref="AsOf"/>, or expired ones (see <see cref="AcceptanceReminder"/>).</summary>
    public ExposureAcceptanceFilter? Acceptance { get; init; }

    /// <summary>The window of <see cref="ExposureAcceptanceFilter.EndingSoon"/> in days (1 to <see cref="AcceptanceReminder.MaxWindowDays"/>).</summary>
    public int EndingWithinDays { get; init; } = AcceptanceReminder.DefaultWindowDays;

    /// <summary>The moment acceptance expiry is judged at; null: the store's clock. Callers pass theirs so one request uses one "now".</summary>
    public DateTimeOffset? AsOf { get; init; }
}
