namespace Tessera.Core.Exposures;

/// <summary>
/// What <see cref="IExposureStore.ImportAsync(IReadOnlyList{Exposure}, string, string?, CancellationToken)"/> did. The
/// first four counts split the file's exposures: new, changed, identical, and resolved ones or expired acceptances seen
/// again (reopened, whether or not their values changed); then the total stored before and after.
/// </summary>
public sealed record ExposureStoreSummary(int Added, int Updated, int Unchanged, int StoredBefore, int StoredAfter, int Reopened = 0);
