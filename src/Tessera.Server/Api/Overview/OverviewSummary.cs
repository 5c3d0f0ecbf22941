namespace Tessera.Server.Api.Overview;

/// <summary>
/// "Where do we stand?" across Tessera's jobs, for the Overview page and <c>GET /api/v1/overview</c>. A section is null when
/// the caller's role may not read that capability (the page hides its panel).
/// </summary>
public sealed record OverviewSummary
{
    public required DateTimeOffset GeneratedAt { get; init; }
    public IncidentOverview? Incidents { get; init; }
    public AlertOverview? Alerts { get; init; }
    public CoverageOverview? Coverage { get; init; }
    public BacklogOverview? Backlog { get; init; }
    public ExposureOverview? Exposures { get; init; }
    public AttackOverview? Attack { get; init; }
}
