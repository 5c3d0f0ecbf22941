namespace Tessera.Core.Alerts.Library;

/// <summary>Thread-safe in-memory <see cref="IAlertLibraryStore"/>; contents are lost with the process.</summary>
public sealed class InMemoryAlertLibraryStore : IAlertLibraryStore
{
    private readonly Dictionary<string, StoredEntry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _revision;

    public Task<LibraryEntry?> LoadAsync(string signature, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.GetValueOrDefault(signature)?.Entry);
        }
    }

    public Task<IReadOnlyList<StoredEntry>> UpdateAllAsync(IReadOnlyList<LibraryChange> changes, CancellationToken ct)
    {
        lock (_gate)
        {
            // Computed first and stored after, so a change that throws leaves every entry as it was.
            var batch = new Dictionary<string, LibraryEntry>(StringComparer.Ordinal);
            var entries = new List<(LibraryEntry Entry, bool Changed)>();
            foreach (var c in changes)
            {
                var current = batch.TryGetValue(c.Signature, out var pending) ? pending : _entries.GetValueOrDefault(c.Signature)?.Entry;
                var next = c.Change(current);
                batch[c.Signature] = next;
                entries.Add((next, !ReferenceEquals(next, current)));
            }

            return Task.FromResult<IReadOnlyList<StoredEntry>>(entries.ConvertAll(e => e.Changed ? Put(e.Entry) : new StoredEntry(e.Entry, 0, Changed: false)));
        }
    }

    public Task<LibraryChanges> LoadChangedAsync(long cursor, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult(new LibraryChanges(_entries.Values.Where(s => s.Revision > cursor).ToList(), _revision));
        }
    }

    public Task<IReadOnlyList<LibraryEvent>> LoadHistoryAsync(string signature, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.TryGetValue(signature, out var e) ? e.Entry.History : (IReadOnlyList<LibraryEvent>)[]);
        }
    }

    private StoredEntry Put(LibraryEntry entry) => _entries[entry.Signature] = new StoredEntry(entry, ++_revision);
}
