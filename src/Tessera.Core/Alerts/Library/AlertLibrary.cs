using System.Collections.Concurrent;
using Tessera.Core.Attack;

namespace Tessera.Core.Alerts.Library;

/// <summary>
/// Analysts' decisions per alert signature, indexed in memory for the mapper: exact signature lookups are
/// lock-free, near-duplicate lookups use a word inverted index (Jaccard similarity of signature words).
/// A decision is applied to the entry as stored and then indexed, so the very next alert sees it (no rebuild), and a
/// decision another process stored meanwhile is kept. <see cref="RefreshAsync"/> picks up what other processes stored.
/// </summary>
public sealed class AlertLibrary
{
    /// <summary>Minimum word Jaccard similarity for a near-duplicate match.</summary>
    public const double NearThreshold = 0.6;

    /// <summary>Longest title kept with an entry or a decision (longer ones are cut).</summary>
    public const int MaxTitle = 1024;

    /// <summary>Longest analyst name and note a decision keeps.</summary>
    public const int MaxAnalyst = 200, MaxNote = 2000;

    private readonly IAlertLibraryStore _store;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, LibraryEntry> _bySignature = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _revisions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _cursor;
    private long _previousCursor;

    public AlertLibrary(IAlertLibraryStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Opens a library over a store, indexing every stored entry.</summary>
    public static async Task<AlertLibrary> OpenAsync(IAlertLibraryStore store, TimeProvider time, CancellationToken ct)
    {
        var library = new AlertLibrary(store, time);
        await library.ReloadAsync(ct).ConfigureAwait(false);
        return library;
    }

    /// <summary>
    /// Indexes what other processes stored since the last refresh (another server instance's decisions, a CLI import);
    /// returns how many entries changed. Each refresh reads again from the cursor before the last one, so a write
    /// that finished after a later one is still seen.
    /// </summary>
    public async Task<int> RefreshAsync(CancellationToken ct)
    {
        long from;
        lock (_gate)
        {
            from = _previousCursor;
        }

        return Apply(await _store.LoadChangedAsync(from, ct).ConfigureAwait(false), rewritten: false);
    }

    /// <summary>Indexes every stored entry again (after entries were rewritten in storage, e.g. by an ATT&amp;CK migration).</summary>
    public async Task<int> ReloadAsync(CancellationToken ct) =>
        Apply(await _store.LoadChangedAsync(0, ct).ConfigureAwait(false), rewritten: true);

    // A rewrite in storage (migration) keeps an entry's revision, so a reload also replaces entries of the same revision.
    private int Apply(LibraryChanges changes, bool rewritten)
    {
        lock (_gate)
        {
            var changed = changes.Entries.Count(stored => Index(stored.Entry, stored.Revision, sameRevision: rewritten));
            _previousCursor = Math.Max(_previousCursor, _cursor);
            _cursor = Math.Max(_cursor, changes.Cursor);
            return changed;
        }
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
        var now = _time.GetUtcNow();
        var example = Text.PlainText.Cut(title, MaxTitle);
        var stored = await _store.UpdateAsync(signature, current => Decide(current ?? new LibraryEntry { Signature = signature, ExampleTitle = example },
            new LibraryEvent(now, analyst, action, ids, example, note)), ct).ConfigureAwait(false);
        Index(stored.Entry, stored.Revision, sameRevision: true);
        return stored.Entry;
    }

    /// <summary>The entry after one more decision.</summary>
    private static LibraryEntry Decide(LibraryEntry current, LibraryEvent decision)
    {
        var ids = decision.Techniques;
        var confirmed = current.Confirmed.ToList();
        var rejected = current.Rejected.ToList();
        switch (decision.Action)
        {
            case LibraryAction.Confirm:
                confirmed = confirmed.Union(ids).ToList();
                rejected = rejected.Except(ids).ToList();
                break;
            case LibraryAction.Correct:
                rejected = rejected.Union(confirmed.Except(ids)).Except(ids).ToList();
                confirmed = ids.ToList();
                break;
            case LibraryAction.Reject:
                confirmed = confirmed.Except(ids).ToList();
                rejected = rejected.Union(ids).ToList();
                break;
        }

        // The limits an import holds a file to (LibraryJson), so the library's own export can always be imported again:
        // beyond them the oldest techniques and decisions give way (every decision is also in the audit trail).
        return current with
        {
            Confirmed = Newest(confirmed, LibraryJson.MaxTechniques),
            Rejected = Newest(rejected, LibraryJson.MaxTechniques),
            Updated = decision.At,
            History = [.. Newest(current.History, LibraryJson.MaxHistory - 1), decision],
        };
    }

    private static List<T> Newest<T>(IReadOnlyList<T> items, int max) => items.Count <= max ? [.. items] : [.. items.Skip(items.Count - max)];

    /// <summary>
    /// Imports entries (the caller validated them), merged into what is stored so that no decision is lost: an entry
    /// not stored yet is added as it is; for a stored one, the imported decisions it lacks are added to its history.
    /// When the stored history is the start of the imported one (the file continues it), the entry takes the file's
    /// techniques; when both went on separately (another team's decisions on the same signature), the new decisions
    /// are applied, oldest first, on top of the stored ones. An entry that holds nothing new changes nothing: it is not
    /// written and counts as unchanged. The whole file is stored in one transaction: all of it or nothing. Returns how
    /// many of <paramref name="entries"/> changed the library (added or merged).
    /// </summary>
    internal async Task<int> ImportAsync(IReadOnlyList<LibraryEntry> entries, CancellationToken ct)
    {
        var stored = await _store.UpdateAllAsync(entries.Select(e => new LibraryChange(e.Signature, current => current is null ? e : Merge(current, e))).ToList(), ct)
            .ConfigureAwait(false);
        foreach (var s in stored.Where(s => s.Changed))
        {
            Index(s.Entry, s.Revision, sameRevision: true);
        }

        return stored.Count(s => s.Changed);
    }

    /// <summary>The stored entry with the imported decisions it lacks (see <see cref="ImportAsync"/>).</summary>
    internal static LibraryEntry Merge(LibraryEntry stored, LibraryEntry imported)
    {
        var known = stored.History.Select(Identity).ToHashSet();
        var added = imported.History.Where(h => !known.Contains(Identity(h))).OrderBy(h => h.At).ToList();
        if (added.Count == 0)
        {
            return stored;
        }

        var continues = stored.History.Count <= imported.History.Count
            && stored.History.Select(Identity).SequenceEqual(imported.History.Take(stored.History.Count).Select(Identity));
        return continues
            ? stored with { Confirmed = imported.Confirmed, Rejected = imported.Rejected, Updated = imported.Updated, History = [.. stored.History, .. added] }
            : added.Aggregate(stored, Decide);
    }

    // One decision: when (to the millisecond, as storage keeps it), who, what and which techniques.
    private static (long, string, LibraryAction, string) Identity(LibraryEvent e) =>
        (e.At.ToUnixTimeMilliseconds(), e.Analyst, e.Action, string.Join(',', e.Techniques));

    /// <summary>Indexes the entry unless a later revision (or, without <paramref name="sameRevision"/>, this one) is indexed; true when indexed.</summary>
    private bool Index(LibraryEntry entry, long revision, bool sameRevision)
    {
        lock (_gate)
        {
            if (_revisions.TryGetValue(entry.Signature, out var known) && (known > revision || (known == revision && !sameRevision)))
            {
                return false;
            }

            _revisions[entry.Signature] = revision;
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

            return true;
        }
    }

    // Placeholders are dropped: two titles differing only in versions/hosts already share a signature,
    // and for near duplicates the remaining words carry the meaning.
    private static HashSet<string> Words(string signature) =>
        signature.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w[0] != '<' && w.Length > 1)
            .ToHashSet(StringComparer.Ordinal);
}
