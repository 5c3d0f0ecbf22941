using Tessera.Core.Storage;

namespace Tessera.Core.Backlog;

/// <summary>Stores backlog items. Implemented in Infrastructure.</summary>
public interface IBacklogStore
{
    Task<BacklogPage> QueryAsync(BacklogQuery query, CancellationToken ct);

    Task<BacklogItem?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>Every item, for the reconciliation (one per technique and reason, so at most a few thousand).</summary>
    Task<IReadOnlyList<BacklogItem>> ListAllAsync(CancellationToken ct);

    /// <summary>
    /// Applies a reconciliation plan and returns what it changed. Creating an item whose technique and reason exist
    /// already (another instance reconciled first) is skipped, and so is reopening or closing an item changed since it
    /// was read: the next reconciliation sees the new state.
    /// </summary>
    Task<BacklogPlan> ApplyAsync(BacklogPlan plan, CancellationToken ct);

    /// <summary>An engineer's edit if the stored version is <paramref name="expectedVersion"/>; Conflict otherwise.</summary>
    Task<SaveResult<BacklogItem>> EditAsync(Guid id, long expectedVersion, BacklogEdit edit, CancellationToken ct);
}
