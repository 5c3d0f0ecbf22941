namespace Tessera.Core.Coverage;

/// <summary>Stores detected coverage regressions. Implemented in Infrastructure.</summary>
public interface ICoverageRegressionStore
{
    /// <summary>Saves the regressions (all or none) and returns them with their ids.</summary>
    Task<IReadOnlyList<CoverageRegression>> AddAsync(IReadOnlyList<CoverageRegression> regressions, CancellationToken ct);

    /// <summary>Regressions detected at or after <paramref name="since"/> (all when null), newest first, with the total match count.</summary>
    Task<RegressionPage> ListAsync(DateTimeOffset? since, int skip, int take, CancellationToken ct);
}

/// <summary>A page of regressions, newest first.</summary>
public sealed record RegressionPage(IReadOnlyList<CoverageRegression> Items, int Total)
{
    /// <summary>Largest page: keeps a request from pulling the whole history.</summary>
    public const int MaxTake = 500;
}
