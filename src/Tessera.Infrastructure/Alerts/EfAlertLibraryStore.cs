using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Alerts.Library;
using Tessera.Core.Text;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Alerts;

/// <summary>
/// EF Core <see cref="IAlertLibraryStore"/>: one row per signature plus an append-only event table. Decisions and
/// imports go through <see cref="UpdateAllAsync"/>, which appends to the stored history in one transaction, so instances
/// sharing the database never drop each other's decisions. Every write of an entry also appends a row to
/// <c>alert_library_changes</c>; an entry's revision is the highest ID of its change rows, and other instances' refreshes
/// follow that table. (Until session 17 the revision was the newest event row, so an entry imported without history, or
/// rewritten in place by an ATT&amp;CK migration, reached other instances only at their 10-minute full reload.)
/// </summary>
public sealed class EfAlertLibraryStore(IDbContextFactory<TesseraDbContext> contexts) : IAlertLibraryStore
{
    // A decision that loses a race with another instance is applied again (see UpdateAllAsync).
    private const int MaxAttempts = 100;

    // Decisions are human clicks: one writer at a time keeps the history merge simple and costs nothing measurable.
    private readonly SemaphoreSlim _writer = new(1, 1);

    public static string KeyOf(string signature) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(signature)));

    public async Task<LibraryEntry?> LoadAsync(string signature, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var key = KeyOf(signature);
        var row = await db.Set<AlertLibraryEntryEntity>().AsNoTracking().Include(e => e.Events).FirstOrDefaultAsync(e => e.Key == key, ct);
        return row is null ? null : ToEntry(row);
    }

    public async Task<IReadOnlyList<LibraryEvent>> LoadHistoryAsync(string signature, CancellationToken ct) =>
        (await LoadAsync(signature, ct))?.History ?? [];

    public async Task<IReadOnlyList<StoredEntry>> UpdateAllAsync(IReadOnlyList<LibraryChange> changes, CancellationToken ct)
    {
        await _writer.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var db = contexts.CreateDbContext();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var keys = changes.Select(c => KeyOf(c.Signature)).Distinct().ToList();
                // One statement, so the entry's techniques and its events are read at the same moment (a split query
                // could see another instance's event without the techniques it set, and write them back without it).
                var rows = await db.Set<AlertLibraryEntryEntity>().Include(e => e.Events).AsSingleQuery()
                    .Where(e => keys.Contains(e.Key)).ToDictionaryAsync(e => e.Key, ct);
                var pending = new Dictionary<string, LibraryEntry>(StringComparer.Ordinal);
                var written = new List<(AlertLibraryChangeEntity? Change, LibraryEntry Entry)>();
                var changeOf = new Dictionary<string, AlertLibraryChangeEntity>(StringComparer.Ordinal);
                foreach (var c in changes)
                {
                    var key = KeyOf(c.Signature);
                    var row = rows.GetValueOrDefault(key);
                    var current = pending.GetValueOrDefault(key) ?? (row is null ? null : ToEntry(row));
                    var entry = c.Change(current);
                    pending[key] = entry;
                    if (ReferenceEquals(entry, current))
                    {
                        // Nothing new (a file imported again): no write, no change row, so no other instance re-reads it.
                        written.Add((null, entry));
                        continue;
                    }

                    if (row is null)
                    {
                        row = new AlertLibraryEntryEntity { Key = key, Signature = entry.Signature, ExampleTitle = entry.ExampleTitle };
                        db.Add(row);
                        rows[key] = row;
                    }

                    Write(row, entry);
                    if (!changeOf.TryGetValue(key, out var change))
                    {
                        change = new AlertLibraryChangeEntity { EntryKey = key };
                        db.Add(change);
                        changeOf[key] = change;
                    }

                    written.Add((change, entry));
                }

                try
                {
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                    return written.ConvertAll(w => w.Change is null ? new StoredEntry(w.Entry, 0, Changed: false) : new StoredEntry(w.Entry, w.Change.Id));
                }
                catch (DbUpdateException ex) when (attempt < MaxAttempts && DbErrors.IsUniqueViolation(ex))
                {
                    // Another instance created an entry or appended the same sequence number first: apply the changes
                    // again to what it stored. Every lost attempt is another decision stored, so this ends; the cap only
                    // guards against a bug.
                }
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task<LibraryChanges> LoadChangedAsync(long cursor, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var changes = db.Set<AlertLibraryChangeEntity>();
        // The newest change first, then the revisions, then the entries: a change stored meanwhile can only make an entry
        // newer than its revision says, and the next refresh (which reads again from the cursor before) brings it again.
        var newest = await changes.MaxAsync(c => (long?)c.Id, ct) ?? 0;
        var revisions = await changes.Where(c => c.Id > cursor).GroupBy(c => c.EntryKey)
            .Select(g => new { g.Key, Revision = g.Max(c => c.Id) }).ToDictionaryAsync(r => r.Key, r => r.Revision, StringComparer.Ordinal, ct);
        // One statement per read (see UpdateAllAsync), so the techniques and the events of an entry are read together.
        var rows = db.Set<AlertLibraryEntryEntity>().AsNoTracking().Include(e => e.Events).AsSingleQuery();
        var keys = revisions.Keys.ToList();
        var changed = await (cursor == 0 ? rows : rows.Where(e => keys.Contains(e.Key))).ToListAsync(ct);
        // Entries stored before the change table existed have no change rows: revision 0 until their next change.
        return new LibraryChanges(changed.Select(r => new StoredEntry(ToEntry(r), revisions.GetValueOrDefault(r.Key))).ToList(), newest);
    }

    /// <summary>Copies the entry's fields to the row and adds the events its history has beyond the row's.</summary>
    private static void Write(AlertLibraryEntryEntity row, LibraryEntry entry)
    {
        row.ExampleTitle = entry.ExampleTitle;
        row.Confirmed = string.Join(',', entry.Confirmed);
        row.Rejected = string.Join(',', entry.Rejected);
        row.Updated = entry.Updated;
        for (var i = row.Events.Count; i < entry.History.Count; i++)
        {
            var h = entry.History[i];
            row.Events.Add(new AlertLibraryEventEntity
            {
                EntryKey = row.Key, Sequence = i, At = h.At, Analyst = PlainText.Cut(h.Analyst, AlertLibrary.MaxAnalyst), Action = h.Action.ToString(),
                Techniques = string.Join(',', h.Techniques), Title = h.Title, Note = h.Note is null ? null : PlainText.Cut(h.Note, AlertLibrary.MaxNote),
            });
        }
    }

    private static IReadOnlyList<string> Split(string ids) => ids.Length == 0 ? [] : ids.Split(',');

    private static LibraryEvent ToEvent(AlertLibraryEventEntity e) =>
        new(e.At, e.Analyst, Enum.Parse<LibraryAction>(e.Action), Split(e.Techniques), e.Title, e.Note);

    private static LibraryEntry ToEntry(AlertLibraryEntryEntity e) => new()
    {
        Signature = e.Signature,
        ExampleTitle = e.ExampleTitle,
        Confirmed = Split(e.Confirmed),
        Rejected = Split(e.Rejected),
        Updated = e.Updated,
        History = e.Events.OrderBy(x => x.Sequence).Select(ToEvent).ToList(),
    };
}
