using System.Collections.Concurrent;

namespace Tessera.Core.Alerts.Library;

/// <summary>Thread-safe in-memory <see cref="IAlertLibraryStore"/>; contents are lost with the process.</summary>
public sealed class InMemoryAlertLibraryStore : IAlertLibraryStore
{
    private readonly ConcurrentDictionary<string, LibraryEntry> _entries = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<LibraryEntry>> LoadAllAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<LibraryEntry>>(_entries.Values.OrderBy(e => e.Signature, StringComparer.Ordinal).ToList());

    public Task<LibraryEntry?> LoadAsync(string signature, CancellationToken ct) =>
        Task.FromResult(_entries.GetValueOrDefault(signature));

    public Task SaveAsync(LibraryEntry entry, CancellationToken ct)
    {
        _entries[entry.Signature] = entry;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LibraryEvent>> LoadHistoryAsync(string signature, CancellationToken ct) =>
        Task.FromResult(_entries.TryGetValue(signature, out var e) ? e.History : (IReadOnlyList<LibraryEvent>)[]);
}
