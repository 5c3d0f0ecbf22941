using Tessera.Core.Runbooks;

namespace Tessera.Core.Enrichment;

/// <summary>
/// Supplies the current <see cref="RunbookLibrary"/> for enrichment. The runbook storage implements it; until it is
/// registered, <see cref="EmptyRunbookLibrarySource"/> supplies a library with no entries.
/// </summary>
public interface IRunbookLibrarySource
{
    /// <summary>The library as stored now.</summary>
    Task<RunbookLibrary> GetAsync(CancellationToken ct);
}

/// <summary>The default source while no runbook store is registered: an empty library.</summary>
public sealed class EmptyRunbookLibrarySource : IRunbookLibrarySource
{
    private static readonly RunbookLibrary Empty = new([]);

    public Task<RunbookLibrary> GetAsync(CancellationToken ct) => Task.FromResult(Empty);
}
