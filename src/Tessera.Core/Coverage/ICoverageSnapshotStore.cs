namespace Tessera.Core.Coverage;

/// <summary>Stores coverage snapshots. Implemented in Infrastructure.</summary>
public interface ICoverageSnapshotStore
{
    /// <summary>Saves a snapshot and returns it with its id.</summary>
    Task<CoverageSnapshot> AddAsync(CoverageSnapshot snapshot, CancellationToken ct);

    /// <summary>The newest <paramref name="take"/> snapshots of a collection, oldest first (for a trend line).</summary>
    Task<IReadOnlyList<CoverageSnapshot>> ListAsync(string collectionKey, int take, CancellationToken ct);
}
