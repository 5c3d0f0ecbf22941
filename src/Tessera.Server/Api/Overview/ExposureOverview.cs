using Tessera.Core.Exposures;

namespace Tessera.Server.Api.Overview;

/// <summary>
/// Open exposures, how many map to at least one technique without any enabled detection (coverage state gap), how many
/// techniques the gap queue holds, and the top of the exposure queue (highest priority first).
/// </summary>
public sealed record ExposureOverview
{
    public required int Open { get; init; }
    public required int OnUncoveredTechniques { get; init; }
    public required int GapQueue { get; init; }
    public required IReadOnlyList<ExposureBrief> Top { get; init; }
}

/// <summary>An open exposure from the exposure queue; <see cref="Title"/> and <see cref="Asset"/> are untrusted text.</summary>
public sealed record ExposureBrief(Guid Id, string? Cve, string Asset, ExposureSeverity Severity, string Title, double Score, string Reason);
