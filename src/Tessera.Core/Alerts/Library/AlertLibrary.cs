using System.Collections.Concurrent;
using Tessera.Core.Attack;

namespace Tessera.Core.Alerts.Library;

/// <summary>
/// Analysts' decisions per alert signature, indexed in memory for the mapper: exact signature lookups are
/// lock-free, near-duplicate lookups use a word inverted index (Jaccard similarity of signature words).
/// Decisions update the index before the store write completes, so the very next alert sees them (no rebuild).
/// </summary>
public sealed class AlertLibrary
{
    /// <summary>Minimum word Jaccard similarity for a near-duplicate match.</summary>
    public const double NearThreshold = 0.6;

    private readonly IAlertLibraryStore _store;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, LibraryEntry> _bySignature = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byWord = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public AlertLibrary(IAlertLibraryStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Opens a library over a store, indexing every stored entry.</summary>
    public static async Task<AlertLibrary> OpenAsync(IAlertLibraryStore store, TimeProvider time, CancellationToken ct)
    {
        var library = new AlertLibrary(store, time);
        foreach (var entry in await store.LoadAllAsync(ct).ConfigureAwait(false))
        {
            library.Index(entry);
        }

        return library;
    }

    public int Count => _bySignature.Count;

    public IReadOnlyList<LibraryEntry> Entries => _bySignature.Values.OrderBy(e => e.Signature, StringComparer.Ordinal).ToList();

    /// <summary>The entry whose signature equals <paramref name="signature"/> (already normalised), or null.</summary>
    public LibraryEntry? FindExact(string signature) => _bySignature.GetValueOrDefault(signature);

    /// <summary>Exact match for the title's signature, else the most similar entry at or above <see cref="NearThreshold"/>, else null.</summary>
    public LibraryMatch? Find(string title)
    {
        var signature = AlertSignature.Normalize(title);
        if (_bySignature.TryGetValue(signature, out var exact))
        {
            return new LibraryMatch(exact, true, 1.0);
        }

        var words = Words(signature);
        if (words.Count == 0)
        {
            return null;
        }

        lock (_gate)
        {
            var overlap = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var w in words)
            {
                if (_byWord.TryGetValue(w, out var sigs))
                {
                    foreach (var s in sigs)
                    {
                        overlap[s] = overlap.GetValueOrDefault(s) + 1;
                    }
                }
            }

            LibraryMatch? best = null;
            foreach (var (sig, shared) in overlap)
            {
                var other = Words(sig).Count;
                var jaccard = shared / (double)(words.Count + other - shared);
                if (jaccard >= NearThreshold && (best is null || jaccard > best.Similarity))
                {
                    best = new LibraryMatch(_bySignature[sig], false, jaccard);
                }
            }

            return best;
        }
    }

    /// <summary>Adds confirmed techniques for the alert's signature. Throws <see cref="FormatException"/> for a malformed technique ID.</summary>
    public Task<LibraryEntry> ConfirmAsync(string title, string analyst, IReadOnlyList<string> techniques, CancellationToken ct, string? note = null) =>
        RecordAsync(title, analyst, LibraryAction.Confirm, techniques, note, ct);

    /// <summary>Replaces the confirmed set with <paramref name="techniques"/> (an analyst correction).</summary>
    public Task<LibraryEntry> CorrectAsync(string title, string analyst, IReadOnlyList<string> techniques, CancellationToken ct, string? note = null) =>
        RecordAsync(title, analyst, LibraryAction.Correct, techniques, note, ct);

    /// <summary>Marks techniques as wrong for this signature: they are removed from confirmed and never suggested for it.</summary>
    public Task<LibraryEntry> RejectAsync(string title, string analyst, IReadOnlyList<string> techniques, CancellationToken ct, string? note = null) =>
        RecordAsync(title, analyst, LibraryAction.Reject, techniques, note, ct);

    private async Task<LibraryEntry> RecordAsync(string title, string analyst, LibraryAction action, IReadOnlyList<string> techniques, string? note, CancellationToken ct)
    {
        var ids = techniques.Select(t => TechniqueId.Parse(t).Value).Distinct().ToList();
        var signature = AlertSignature.Normalize(title);
        LibraryEntry updated;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var current = _bySignature.GetValueOrDefault(signature)
                ?? new LibraryEntry { Signature = signature, ExampleTitle = title.Length > 1024 ? title[..1024] : title };
            var confirmed = current.Confirmed.ToList();
            var rejected = current.Rejected.ToList();
            switch (action)
            {
                case LibraryAction.Confirm:
                    confirmed = confirmed.Union(ids).ToList();
                    rejected = rejected.Except(ids).ToList();
                    break;
                case LibraryAction.Correct:
                    rejected = rejected.Union(confirmed.Except(ids)).Except(ids).ToList();
                    confirmed = ids;
                    break;
                case LibraryAction.Reject:
                    confirmed = confirmed.Except(ids).ToList();
                    rejected = rejected.Union(ids).ToList();
                    break;
            }

            updated = current with
            {
                Confirmed = confirmed,
                Rejected = rejected,
                Updated = now,
                History = [.. current.History, new LibraryEvent(now, analyst, action, ids, title.Length > 1024 ? title[..1024] : title, note)],
            };
            Index(updated);
        }

        await _store.SaveAsync(updated, ct).ConfigureAwait(false);
        return updated;
    }

    /// <summary>Adds or replaces entries (import); the caller validated them.</summary>
    internal async Task ImportAsync(IReadOnlyList<LibraryEntry> entries, CancellationToken ct)
    {
        lock (_gate)
        {
            foreach (var e in entries)
            {
                Index(e);
            }
        }

        foreach (var e in entries)
        {
            await _store.SaveAsync(e, ct).ConfigureAwait(false);
        }
    }

    private void Index(LibraryEntry entry)
    {
        lock (_gate)
        {
            _bySignature[entry.Signature] = entry;
            foreach (var w in Words(entry.Signature))
            {
                if (!_byWord.TryGetValue(w, out var set))
                {
                    set = new HashSet<string>(StringComparer.Ordinal);
                    _byWord[w] = set;
                }

                set.Add(entry.Signature);
            }
        }
    }

    // Placeholders are dropped: two titles differing only in versions/hosts already share a signature,
    // and for near duplicates the remaining words carry the meaning.
    private static HashSet<string> Words(string signature) =>
        signature.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w[0] != '<' && w.Length > 1)
            .ToHashSet(StringComparer.Ordinal);
}
