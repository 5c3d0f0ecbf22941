namespace Tessera.Core.Coverage;

/// <summary>Stores coverage snapshots. Implemented in Infrastructure.</summary>
public interface ICoverageSnapshotStore
{
    /// <summary>Saves a snapshot and returns it with its id.</summary>
    Task<CoverageSnapshot> AddAsync(CoverageSnapshot snapshot, CancellationToken ct);

    /// <summary>The newest <paramref name="take"/> snapshots of a collection, oldest first (for a trend line).</summary>
    Task<IReadOnlyList<CoverageSnapshot>> ListAsync(string collectionKey, int take, CancellationToken ct);

    /// <summary>The newest snapshot of a collection taken at or before <paramref name="at"/>, or null when there is none.</summary>
    Task<CoverageSnapshot?> FindAtOrBeforeAsync(string collectionKey, DateTimeOffset at, CancellationToken ct);
}
