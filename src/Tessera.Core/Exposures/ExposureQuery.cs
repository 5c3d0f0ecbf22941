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

    public ExposureStatus? Status { get; init; }
}
