using Tessera.Core.Exposures;

namespace Tessera.Server.Api.Exposures;

/// <summary>List filters; null or blank means any (the store's <see cref="ExposureQuery"/> applies the same rules in SQL). <see cref="Technique"/> also matches its sub-techniques; <see cref="State"/> is a coverage state slug.</summary>
public sealed record ExposureFilter
{
    public string? Cve { get; init; }
    public string? Asset { get; init; }
    public ExposureSeverity? Severity { get; init; }
    public string? Technique { get; init; }

    /// <summary>validated, rule, failing, nodata or gap: exposures with at least one linked technique in that state.</summary>
    public string? State { get; init; }

    public ExposureStatus? Status { get; init; }

    /// <summary>Acceptances ending within <see cref="WithinDays"/> days, or expired ones (still flagged on an open row).</summary>
    public ExposureAcceptanceFilter? Acceptance { get; init; }

    /// <summary>The ending-soon window (1 to <see cref="AcceptanceReminder.MaxWindowDays"/>; callers validate it).</summary>
    public int WithinDays { get; init; } = AcceptanceReminder.DefaultWindowDays;

    public bool Matches(ExposureView e) =>
        (string.IsNullOrWhiteSpace(Cve) || string.Equals(e.Cve, Cve.Trim(), StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrWhiteSpace(Asset) || e.Asset.Contains(Asset.Trim(), StringComparison.OrdinalIgnoreCase))
        && (Severity is null || e.Severity == Severity)
        && (Status is null || e.Status == Status.Value.Slug())
        && Acceptance switch
        {
            ExposureAcceptanceFilter.EndingSoon => e.AcceptanceEndsInDays <= WithinDays,
            ExposureAcceptanceFilter.Expired => e.AcceptanceExpired,
            _ => true,
        }
        && (string.IsNullOrWhiteSpace(Technique) || e.Techniques.Any(t => t.Id.Equals(Technique.Trim(), StringComparison.OrdinalIgnoreCase)
            || t.Id.StartsWith(Technique.Trim() + ".", StringComparison.OrdinalIgnoreCase)))
        && (string.IsNullOrWhiteSpace(State) || e.Techniques.Any(t => t.Coverage.Equals(State.Trim(), StringComparison.OrdinalIgnoreCase)));
}
