using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Alerts.Library;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Alerts;

/// <summary>
/// EF Core <see cref="IAlertLibraryStore"/>: one row per signature plus an append-only event table. A save appends
/// the events the stored history lacks; a save carrying an older history than stored (two analysts' writes
/// finishing out of order) is ignored, and an unrelated history (an import) replaces the stored one.
/// </summary>
public sealed class EfAlertLibraryStore(IDbContextFactory<TesseraDbContext> contexts) : IAlertLibraryStore
{
    // Decisions are human clicks: one writer at a time keeps the history merge simple and costs nothing measurable.
    private readonly SemaphoreSlim _writer = new(1, 1);

    public static string KeyOf(string signature) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(signature)));

    public async Task<IReadOnlyList<LibraryEntry>> LoadAllAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<AlertLibraryEntryEntity>().AsNoTracking().Include(e => e.Events).AsSplitQuery().ToListAsync(ct);
        return rows.Select(ToEntry).OrderBy(e => e.Signature, StringComparer.Ordinal).ToList();
    }

    public async Task<LibraryEntry?> LoadAsync(string signature, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var key = KeyOf(signature);
        var row = await db.Set<AlertLibraryEntryEntity>().AsNoTracking().Include(e => e.Events).FirstOrDefaultAsync(e => e.Key == key, ct);
        return row is null ? null : ToEntry(row);
    }

    public async Task<IReadOnlyList<LibraryEvent>> LoadHistoryAsync(string signature, CancellationToken ct) =>
        (await LoadAsync(signature, ct))?.History ?? [];

    public async Task SaveAsync(LibraryEntry entry, CancellationToken ct)
    {
        await _writer.WaitAsync(ct);
        try
        {
            await using var db = contexts.CreateDbContext();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var key = KeyOf(entry.Signature);
            var row = await db.Set<AlertLibraryEntryEntity>().Include(e => e.Events).FirstOrDefaultAsync(e => e.Key == key, ct);
            var history = entry.History;
            if (row is null)
            {
                row = new AlertLibraryEntryEntity { Key = key, Signature = entry.Signature, ExampleTitle = entry.ExampleTitle };
                db.Add(row);
            }
            else
            {
                var stored = row.Events.OrderBy(e => e.Sequence).ToList();
                if (history.Count < stored.Count && IsPrefix(history, stored))
                {
                    return;
                }

                if (!IsPrefix(stored.Select(ToEvent).ToList(), history))
                {
                    db.RemoveRange(row.Events);
                    row.Events.Clear();
                    // Deletes first: the new events reuse sequence numbers under the unique (entry, sequence) index.
                    await db.SaveChangesAsync(ct);
                }
            }

            row.ExampleTitle = entry.ExampleTitle;
            row.Confirmed = string.Join(',', entry.Confirmed);
            row.Rejected = string.Join(',', entry.Rejected);
            row.Updated = entry.Updated;
            for (var i = row.Events.Count; i < history.Count; i++)
            {
                var h = history[i];
                row.Events.Add(new AlertLibraryEventEntity
                {
                    EntryKey = key, Sequence = i, At = h.At, Analyst = Cap(h.Analyst, 200), Action = h.Action.ToString(),
                    Techniques = string.Join(',', h.Techniques), Title = h.Title, Note = h.Note is null ? null : Cap(h.Note, 2000),
                });
            }

            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            _writer.Release();
        }
    }

    private static bool IsPrefix(IReadOnlyList<LibraryEvent> shorter, IReadOnlyList<AlertLibraryEventEntity> longer) =>
        IsPrefix(shorter, longer.Select(ToEvent).ToList());

    // Timestamps are compared to the millisecond: PostgreSQL keeps microseconds, .NET ticks are 100 ns.
    private static bool IsPrefix(IReadOnlyList<LibraryEvent> shorter, IReadOnlyList<LibraryEvent> longer) =>
        shorter.Count <= longer.Count && shorter.Select((e, i) => (e, o: longer[i])).All(p =>
            p.e.Analyst == p.o.Analyst && p.e.Action == p.o.Action && p.e.Techniques.SequenceEqual(p.o.Techniques)
            && Math.Abs((p.e.At - p.o.At).TotalMilliseconds) < 1);

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
