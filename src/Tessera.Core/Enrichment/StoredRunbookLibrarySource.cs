using Tessera.Core.Runbooks;

namespace Tessera.Core.Enrichment;

/// <summary>
/// The runbook library as engineers maintain it in <see cref="IRunbookStore"/>, read on every call so an edit shows in
/// the next enrichment. Libraries are small (one runbook per technique or tactic at most a few hundred).
/// </summary>
public sealed class StoredRunbookLibrarySource(IRunbookStore store) : IRunbookLibrarySource
{
    /// <inheritdoc />
    public async Task<RunbookLibrary> GetAsync(CancellationToken ct) => new(await store.ListAsync(null, null, ct));
}
