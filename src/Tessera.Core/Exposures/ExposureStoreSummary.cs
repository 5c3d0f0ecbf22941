namespace Tessera.Core.Exposures;

/// <summary>What <see cref="IExposureStore.ImportAsync"/> did: new, changed and identical exposures, and the total stored afterwards.</summary>
public sealed record ExposureStoreSummary(int Added, int Updated, int Unchanged, int StoredBefore, int StoredAfter);
