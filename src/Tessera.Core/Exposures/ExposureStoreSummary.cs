namespace Tessera.Core.Exposures;

/// <summary>
/// What <see cref="IExposureStore.ImportAsync(IReadOnlyList{Exposure}, string, string?, CancellationToken)"/> did. The
/// first four counts split the file's exposures: new, changed, identical, and resolved ones or expired acceptances seen
/// again (reopened, whether or not their values changed); then the total stored before and after.
/// <see cref="ReopenedExposures"/> holds each reopened exposure as it was and as the import left it, so callers can audit
/// every status change the import made, as they audit an analyst's. Two summaries are equal when their counts are.
/// </summary>
public sealed record ExposureStoreSummary(int Added, int Updated, int Unchanged, int StoredBefore, int StoredAfter, int Reopened = 0)
{
    public IReadOnlyList<ExposureReopening> ReopenedExposures { get; init; } = [];

    public bool Equals(ExposureStoreSummary? other) =>
        other is not null && (Added, Updated, Unchanged, StoredBefore, StoredAfter, Reopened)
        == (other.Added, other.Updated, other.Unchanged, other.StoredBefore, other.StoredAfter, other.Reopened);

    public override int GetHashCode() => HashCode.Combine(Added, Updated, Unchanged, StoredBefore, StoredAfter, Reopened);
}

/// <summary>An exposure an import reopened: as stored before the import (resolved, or an expired acceptance) and after it (open).</summary>
public sealed record ExposureReopening(StoredExposure Before, StoredExposure After);
