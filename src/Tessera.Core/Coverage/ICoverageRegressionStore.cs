namespace Tessera.Core.Coverage;

/// <summary>Stores detected coverage regressions. Implemented in Infrastructure.</summary>
public interface ICoverageRegressionStore
{
    /// <summary>
    /// Saves the regressions that no overlapping change has reported yet (all or none) and returns those, with their
    /// ids. A change compares coverage computed at <paramref name="since"/> (its "before") with coverage after it.
    /// Two changes that overlap (on two instances, or a CLI import beside the server) each see the other's effect, so
    /// both find the same drop: a regression of the same collection, technique and before/after states already
    /// detected at or after <paramref name="since"/> is that drop, and is not stored again. Callers are serialised
    /// across processes, so of two overlapping changes exactly one reports each drop.
    /// </summary>
    Task<IReadOnlyList<CoverageRegression>> AddAsync(IReadOnlyList<CoverageRegression> regressions, DateTimeOffset since, CancellationToken ct);

    /// <summary>Regressions detected at or after <paramref name="since"/> (all when null), newest first, with the total match count.</summary>
    Task<RegressionPage> ListAsync(DateTimeOffset? since, int skip, int take, CancellationToken ct);
}

/// <summary>A page of regressions, newest first.</summary>
public sealed record RegressionPage(IReadOnlyList<CoverageRegression> Items, int Total)
{
    /// <summary>Largest page: keeps a request from pulling the whole history.</summary>
    public const int MaxTake = 500;
}
