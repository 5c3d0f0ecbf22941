using Tessera.Core.Exposures;

namespace Tessera.Server.Api.Overview;

/// <summary>
/// Open exposures, how many map to at least one technique without any enabled detection (coverage state gap), how many
/// techniques the gap queue holds, and the top of the exposure queue (highest priority first). Risk acceptances: how many
/// running ones end within <see cref="AcceptanceWindowDays"/> days (the few ending first listed in <see cref="EndingSoon"/>)
/// and how many have expired (they count in <see cref="Open"/>).
/// </summary>
public sealed record ExposureOverview
{
    public required int Open { get; init; }
    public required int OnUncoveredTechniques { get; init; }
    public required int GapQueue { get; init; }
    public required IReadOnlyList<ExposureBrief> Top { get; init; }
    public int AcceptancesEndingSoon { get; init; }
    public int AcceptanceWindowDays { get; init; } = AcceptanceReminder.DefaultWindowDays;
    public IReadOnlyList<AcceptanceBrief> EndingSoon { get; init; } = [];
    public int AcceptancesExpired { get; init; }
}

/// <summary>An open exposure from the exposure queue; <see cref="Title"/> and <see cref="Asset"/> are untrusted text.</summary>
public sealed record ExposureBrief(Guid Id, string? Cve, string Asset, ExposureSeverity Severity, string Title, double Score, string Reason);

/// <summary>A risk acceptance ending soon: the day it ends and the whole days left (1: it ends tomorrow).</summary>
public sealed record AcceptanceBrief(Guid Id, string? Cve, string Asset, ExposureSeverity Severity, string Title, DateOnly AcceptedUntil, int DaysLeft);
