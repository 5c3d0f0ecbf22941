namespace Tessera.Core.Alerts.Library;

/// <summary>
/// Persistence for the alert library, storage-agnostic (Infrastructure implements it with EF Core;
/// <see cref="InMemoryAlertLibraryStore"/> serves tests and the CLI). Entries carry their own history.
/// </summary>
/// <remarks>
/// Several processes may share one store (server instances on one database, the CLI importing into a running server's
/// database). Each stored change of an entry gives it a higher <see cref="StoredEntry.Revision"/>, which is how a
/// process tells a newer copy of an entry from the one it holds.
/// </remarks>
public interface IAlertLibraryStore
{
    /// <summary>The entry for a signature, or null.</summary>
    Task<LibraryEntry?> LoadAsync(string signature, CancellationToken ct);

    /// <summary>
    /// Applies changes (decisions, imported entries) to the entries as stored, in one transaction: every one is stored or
    /// none is. Each <see cref="LibraryChange.Change"/> gets the stored entry (null when there is none; for a signature
    /// changed earlier in the list, the result of that change) and returns it with new events appended to its history.
    /// A decision stored meanwhile by another process is therefore never overwritten; when one lands between the read
    /// and the write, the changes are applied again to the newer entries. The result holds the entry after each change.
    /// A change that returns the very entry it was given (the same instance: an import that holds nothing new) leaves it
    /// as stored: nothing is written for it, its revision stays, and its result says <see cref="StoredEntry.Changed"/> false.
    /// </summary>
    Task<IReadOnlyList<StoredEntry>> UpdateAllAsync(IReadOnlyList<LibraryChange> changes, CancellationToken ct);

    /// <summary>
    /// Entries changed after <paramref name="cursor"/> (0: every entry) with their revisions, and the cursor to pass next
    /// time. A caller that passes an earlier cursor again gets changes again; that is how it covers writes that finish late.
    /// </summary>
    Task<LibraryChanges> LoadChangedAsync(long cursor, CancellationToken ct);

    /// <summary>The decision history of a signature, oldest first; empty when unknown.</summary>
    Task<IReadOnlyList<LibraryEvent>> LoadHistoryAsync(string signature, CancellationToken ct);
}

/// <summary>Single changes (a decision) through <see cref="IAlertLibraryStore.UpdateAllAsync"/>.</summary>
public static class AlertLibraryStoreExtensions
{
    /// <summary>Applies one change to the entry of <paramref name="signature"/> as stored (see <see cref="IAlertLibraryStore.UpdateAllAsync"/>).</summary>
    public static async Task<StoredEntry> UpdateAsync(this IAlertLibraryStore store, string signature, Func<LibraryEntry?, LibraryEntry> change, CancellationToken ct) =>
        (await store.UpdateAllAsync([new LibraryChange(signature, change)], ct).ConfigureAwait(false))[0];
}

/// <summary>One change for <see cref="IAlertLibraryStore.UpdateAllAsync"/>: the stored entry (or null) in, the entry with new events appended out.</summary>
public sealed record LibraryChange(string Signature, Func<LibraryEntry?, LibraryEntry> Change);

/// <summary>
/// An entry as stored, with its revision (higher for every stored change of that entry). <see cref="Changed"/> is false
/// when the change left the entry as it was: nothing was written, and <see cref="Revision"/> is 0 (not read).
/// </summary>
public sealed record StoredEntry(LibraryEntry Entry, long Revision, bool Changed = true);

/// <summary>Entries changed after a cursor, and the cursor that covers them.</summary>
public sealed record LibraryChanges(IReadOnlyList<StoredEntry> Entries, long Cursor);
