using Tessera.Core.Storage;

namespace Tessera.Core.Alerts.Triage;

/// <summary>Storage of ingested alerts for triage (Infrastructure implements it with EF Core).</summary>
public interface IAlertRecordStore
{
    /// <summary>Stores the alerts in one transaction and returns them with their IDs, in the given order.</summary>
    Task<IReadOnlyList<AlertRecord>> AddAsync(IReadOnlyList<NewAlertRecord> alerts, CancellationToken ct);

    /// <summary>The alert, or null when there is none with this ID.</summary>
    Task<AlertRecord?> GetAsync(long id, CancellationToken ct);

    /// <summary>One page, newest first; throws <see cref="ArgumentOutOfRangeException"/> for a negative skip or take outside 1..<see cref="AlertRecordQuery.MaxTake"/>.</summary>
    Task<AlertRecordPage> QueryAsync(AlertRecordQuery query, CancellationToken ct);

    /// <summary>
    /// Records an analyst's decision and the mapping made after it, when the alert is still at <paramref name="expectedVersion"/>:
    /// <see cref="SaveStatus.Conflict"/> when another decision landed since (nothing written), <see cref="SaveStatus.NotFound"/>
    /// when there is no such alert.
    /// </summary>
    Task<SaveResult<AlertRecord>> SetTriageAsync(long id, long expectedVersion, TriageState state, string analyst, string mappingJson, CancellationToken ct);

    /// <summary>
    /// Replaces the stored mapping of an alert that is still at <paramref name="version"/>, leaving the version as it is (the
    /// mapping is derived from the decision that set that version). False when another decision landed since, or no such alert.
    /// </summary>
    Task<bool> SetMappingAsync(long id, long version, string mappingJson, CancellationToken ct);

    /// <summary>
    /// Puts back <paramref name="previous"/>'s state, analyst, time and mapping when the alert is still at
    /// <paramref name="expectedVersion"/>: undoes a decision's claim when the rest of the decision could not be saved.
    /// </summary>
    Task<SaveResult<AlertRecord>> RestoreTriageAsync(AlertRecord previous, long expectedVersion, CancellationToken ct);
}
