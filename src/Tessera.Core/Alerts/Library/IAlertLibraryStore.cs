namespace Tessera.Core.Alerts.Library;

/// <summary>
/// Persistence for the alert library, storage-agnostic (Infrastructure implements it with EF Core;
/// <see cref="InMemoryAlertLibraryStore"/> serves tests and the CLI). Entries carry their own history.
/// </summary>
public interface IAlertLibraryStore
{
    /// <summary>All entries, for building the in-memory index at start-up.</summary>
    Task<IReadOnlyList<LibraryEntry>> LoadAllAsync(CancellationToken ct);

    /// <summary>The entry for a signature, or null.</summary>
    Task<LibraryEntry?> LoadAsync(string signature, CancellationToken ct);

    /// <summary>Inserts or replaces the entry (including its history) for its signature.</summary>
    Task SaveAsync(LibraryEntry entry, CancellationToken ct);

    /// <summary>The decision history of a signature, oldest first; empty when unknown.</summary>
    Task<IReadOnlyList<LibraryEvent>> LoadHistoryAsync(string signature, CancellationToken ct);
}
