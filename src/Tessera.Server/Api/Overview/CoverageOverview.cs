using Tessera.Core.Coverage;

namespace Tessera.Server.Api.Overview;

/// <summary>
/// Detection coverage of the newest Enterprise collection (<see cref="Collection"/> null when none is loaded): techniques per
/// state in the Coverage page's order, regressions detected since <see cref="RegressionsSince"/>, and the newest snapshot.
/// </summary>
public sealed record CoverageOverview
{
    public string? Collection { get; init; }
    public DateTimeOffset? ComputedAt { get; init; }
    public required IReadOnlyList<CoverageStateCount> States { get; init; }
    public int Techniques { get; init; }
    public double ValidatedPercent { get; init; }
    public int RecentRegressions { get; init; }
    public DateTimeOffset RegressionsSince { get; init; }
    public DateTimeOffset? LastSnapshotAt { get; init; }
}

/// <summary>Techniques in one coverage state. <see cref="Slug"/> is the Coverage API's name and CSS class (validated, rule, failing, nodata, gap).</summary>
public sealed record CoverageStateCount(CoverageState State, int Count)
{
    public string Slug => State.Slug();
    public string Label => State.Label();
}
