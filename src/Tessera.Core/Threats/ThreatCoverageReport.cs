namespace Tessera.Core.Threats;

/// <summary>Counts of a technique set by coverage level and the resulting percentages (0–100).</summary>
public sealed record CoverageSummary
{
    public required int Techniques { get; init; }

    public required int Validated { get; init; }

    /// <summary>Covered but not validated.</summary>
    public required int Covered { get; init; }

    public required int Partial { get; init; }

    public required int None { get; init; }

    /// <summary>Share of techniques at <see cref="TechniqueCoverageLevel.Covered"/> or better.</summary>
    public double CoveredPercent => Percent(Validated + Covered);

    public double ValidatedPercent => Percent(Validated);

    /// <summary>Share of the total target weight at Covered or better: covering what many actors use recently counts more.</summary>
    public required double WeightedCoveredPercent { get; init; }

    private double Percent(int count) => Techniques == 0 ? 0 : 100.0 * count / Techniques;
}

/// <summary>A target technique below <see cref="TechniqueCoverageLevel.Covered"/>.</summary>
public sealed record CoverageGap(TargetTechnique Technique, TechniqueCoverageLevel Level);

/// <summary>Coverage of one actor's techniques and its gaps, ranked by the target set's weights.</summary>
public sealed record ActorCoverage
{
    public required ThreatProfile Actor { get; init; }

    public required CoverageSummary Summary { get; init; }

    public required IReadOnlyList<CoverageGap> Gaps { get; init; }
}

/// <summary>"Are we covered against the groups targeting us?": overall and per actor.</summary>
public sealed record ThreatCoverageReport
{
    public required TargetSet TargetSet { get; init; }

    public required CoverageSummary Overall { get; init; }

    /// <summary>Every gap of the set, highest weight first.</summary>
    public required IReadOnlyList<CoverageGap> Gaps { get; init; }

    /// <summary>One entry per actor, least covered first.</summary>
    public required IReadOnlyList<ActorCoverage> Actors { get; init; }
}
