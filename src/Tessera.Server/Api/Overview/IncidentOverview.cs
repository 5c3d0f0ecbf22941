using Tessera.Core.Incidents;

namespace Tessera.Server.Api.Overview;

/// <summary>
/// Incidents not closed: how many per severity (most severe first), the newest few, and how many distinct techniques their
/// associations name (tactic-only associations are not counted, as on the heatmap).
/// </summary>
public sealed record IncidentOverview
{
    public required int Open { get; init; }
    public required IReadOnlyList<SeverityCount> BySeverity { get; init; }
    public required IReadOnlyList<IncidentBrief> Recent { get; init; }
    public required int TechniquesSeen { get; init; }
}

public sealed record SeverityCount(IncidentSeverity Severity, int Count);

/// <summary>An open incident as the overview lists it; <see cref="Title"/> is untrusted text.</summary>
public sealed record IncidentBrief(long Id, string Number, string Title, IncidentSeverity Severity, IncidentState State, DateTimeOffset CreatedAt);
