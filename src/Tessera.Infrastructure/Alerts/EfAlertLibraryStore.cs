using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Alerts.Library;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Alerts;

/// <summary>
/// EF Core <see cref="IAlertLibraryStore"/>: one row per signature plus an append-only event table. Decisions and
/// imports go through <see cref="UpdateAllAsync"/>, which appends to the stored history in one transaction, so instances
/// sharing the database never drop each other's decisions. An entry's revision is the highest ID of its event rows:
/// every stored change adds rows.
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
                var written = new List<(AlertLibraryEntryEntity Row, LibraryEntry Entry)>();
                foreach (var c in changes)
                {
                    var key = KeyOf(c.Signature);
                    var row = rows.GetValueOrDefault(key);
                    var entry = c.Change(pending.GetValueOrDefault(key) ?? (row is null ? null : ToEntry(row)));
                    if (row is null)
                    {
                        row = new AlertLibraryEntryEntity { Key = key, Signature = entry.Signature, ExampleTitle = entry.ExampleTitle };
                        db.Add(row);
                        rows[key] = row;
                    }

                    Write(row, entry);
                    pending[key] = entry;
                    written.Add((row, entry));
                }

                try
                {
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                    return written.ConvertAll(w => new StoredEntry(w.Entry, Revision(w.Row)));
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
        var events = db.Set<AlertLibraryEventEntity>();
        // The newest event first: a change stored while the entries are read is then read again next time, not skipped.
        var newest = await events.MaxAsync(e => (long?)e.Id, ct) ?? 0;
        // One statement per read (see UpdateAllAsync), so a revision always comes with the techniques of that revision.
        var rows = db.Set<AlertLibraryEntryEntity>().AsNoTracking().Include(e => e.Events).AsSingleQuery();
        var keys = events.Where(x => x.Id > cursor).Select(x => x.EntryKey);
        var changed = await (cursor == 0 ? rows : rows.Where(e => keys.Contains(e.Key))).ToListAsync(ct);
        return new LibraryChanges(changed.Select(r => new StoredEntry(ToEntry(r), Revision(r))).ToList(), newest);
    }

    private static long Revision(AlertLibraryEntryEntity row) => row.Events.Count == 0 ? 0 : row.Events.Max(e => e.Id);

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
                EntryKey = row.Key, Sequence = i, At = h.At, Analyst = Cap(h.Analyst, AlertLibrary.MaxAnalyst), Action = h.Action.ToString(),
                Techniques = string.Join(',', h.Techniques), Title = h.Title, Note = h.Note is null ? null : Cap(h.Note, AlertLibrary.MaxNote),
            });
        }
    }

    private static string Cap(string text, int max) => text.Length > max ? text[..max] : text;

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
