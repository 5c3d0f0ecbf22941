using Tessera.Core.Storage;

namespace Tessera.Core.Coverage;

/// <summary>Stores the data source inventory and its dated status events. Implemented in Infrastructure.</summary>
public interface IDataSourceInventory
{
    Task<IReadOnlyList<DataSourceEntry>> ListAsync(CancellationToken ct);

    Task<DataSourceEntry?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>Adds an entry (id taken from the entry) and its first event; Duplicate when name, platform and environment exist.</summary>
    Task<SaveResult<DataSourceEntry>> AddAsync(DataSourceEntry entry, string? actor, CancellationToken ct);

    /// <summary>
    /// Changes the status if the stored version is <paramref name="expectedVersion"/>, dated <paramref name="at"/>
    /// (when the change happened, which may be before it was recorded), with a history event.
    /// </summary>
    Task<SaveResult<DataSourceEntry>> ChangeStatusAsync(
        Guid id, long expectedVersion, DataSourceStatus status, DateTimeOffset at, string reason, string? actor, CancellationToken ct);

    /// <summary>Events of one source, oldest first.</summary>
    Task<IReadOnlyList<DataSourceEvent>> EventsAsync(Guid id, CancellationToken ct);
}
