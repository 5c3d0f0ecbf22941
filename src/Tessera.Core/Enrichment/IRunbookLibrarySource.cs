using Tessera.Core.Runbooks;

namespace Tessera.Core.Enrichment;

/// <summary>
/// Supplies the current <see cref="RunbookLibrary"/> for enrichment; <see cref="StoredRunbookLibrarySource"/> reads it
/// from the runbook store.
/// </summary>
public interface IRunbookLibrarySource
{
    /// <summary>The library as stored now.</summary>
    Task<RunbookLibrary> GetAsync(CancellationToken ct);
}
