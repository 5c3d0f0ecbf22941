using Tessera.Core.Storage;

namespace Tessera.Core.Incidents;

/// <summary>
/// Persistence of incidents, their evidence and their technique associations. Business rules (closed incidents,
/// validation against ATT&amp;CK, roll-up) live in <see cref="IncidentService"/>; the store enforces versions and
/// makes each call atomic.
/// </summary>
public interface IIncidentStore
{
    Task<SaveResult<Incident>> CreateAsync(NewIncident incident, CancellationToken ct);

    /// <summary>
    /// Writes the fields of <paramref name="incident"/> if its version is still the stored one; returns the
    /// incident with its new version, <see cref="SaveStatus.Conflict"/> or <see cref="SaveStatus.NotFound"/>.
    /// </summary>
    Task<SaveResult<Incident>> UpdateAsync(Incident incident, CancellationToken ct);

    /// <summary>The incident, or null.</summary>
    Task<Incident?> FindAsync(long id, CancellationToken ct);

    Task<IncidentPage> ListAsync(IncidentQuery query, CancellationToken ct);

    /// <summary>Direct children, by id.</summary>
    Task<IReadOnlyList<Incident>> ChildrenAsync(long parentId, CancellationToken ct);

    /// <summary>Every association row of an incident ordered by source, tactic, technique, origin.</summary>
    Task<IReadOnlyList<TechniqueAssociation>> AssociationsAsync(long incidentId, CancellationToken ct);

    /// <summary>
    /// In one transaction: removes rows matching <paramref name="remove"/>, adds <paramref name="add"/> with
    /// <paramref name="origin"/> (rows that exist already are kept, not duplicated) and increments the version.
    /// <see cref="SaveStatus.Conflict"/> when <paramref name="expectedVersion"/> is stale: nothing is written.
    /// </summary>
    Task<SaveResult<Incident>> ChangeAssociationsAsync(long incidentId, long expectedVersion, AssociationOrigin origin,
        IReadOnlyList<AssociationTarget> add, IReadOnlyList<AssociationRemoval> remove, string changedBy, CancellationToken ct);

    /// <summary>
    /// Makes the rows of one derived origin exactly <paramref name="desired"/> (idempotent). Increments the version
    /// only when a row changed, without a version check (roll-up is the system's write, not a user's).
    /// Returns the number of rows added and removed.
    /// </summary>
    Task<(int Added, int Removed)> SyncOriginAsync(long incidentId, AssociationOrigin origin,
        IReadOnlyCollection<AssociationTarget> desired, CancellationToken ct);

    /// <summary>
    /// Stores the observable; null when the incident already has this kind and value (the store enforces one each, so
    /// of two concurrent adds one wins and the other gets null).
    /// </summary>
    Task<IncidentObservable?> AddObservableAsync(NewObservable observable, CancellationToken ct);
    Task<IReadOnlyList<IncidentObservable>> ObservablesAsync(long incidentId, CancellationToken ct);
    /// <summary>Deletes the observable and the lookups attached to it; false when unknown.</summary>
    Task<bool> RemoveObservableAsync(long incidentId, long observableId, CancellationToken ct);

    Task<ThreatLookup> AddLookupAsync(NewThreatLookup lookup, CancellationToken ct);
    Task<IReadOnlyList<ThreatLookup>> LookupsAsync(long incidentId, CancellationToken ct);
    Task<bool> RemoveLookupAsync(long incidentId, long lookupId, CancellationToken ct);

    /// <summary>
    /// Attaches the alert; null when the incident already has it (the same stored alert, or for an alert given by hand the
    /// same source and alert ID): the store enforces this, so of two concurrent attaches one wins and the other gets null.
    /// </summary>
    Task<IncidentAlert?> AttachAlertAsync(NewIncidentAlert alert, CancellationToken ct);
    Task<IReadOnlyList<IncidentAlert>> AlertsAsync(long incidentId, CancellationToken ct);
    Task<bool> DetachAlertAsync(long incidentId, long alertRowId, CancellationToken ct);
    /// <summary>Replaces the techniques of one attached alert row (a later triage decision); false when there is no such row.</summary>
    Task<bool> SetAlertTechniquesAsync(long incidentId, long alertRowId, IReadOnlyList<string> techniques, CancellationToken ct);
    /// <summary>Every incident row made from one of these stored alerts (alert triage shows where each alert went), by id.</summary>
    Task<IReadOnlyList<IncidentAlert>> AttachmentsOfAsync(IReadOnlyCollection<long> alertRecordIds, CancellationToken ct);

    /// <summary>Origins an analyst rolled up by hand (kept rolled up whatever the automatic setting says).</summary>
    Task<IReadOnlyList<AssociationOrigin>> PinnedOriginsAsync(long incidentId, CancellationToken ct);
    /// <summary>Records or forgets a hand roll-up; idempotent.</summary>
    Task SetPinnedAsync(long incidentId, AssociationOrigin origin, bool pinned, CancellationToken ct);

    /// <summary>Techniques seen across incidents, aggregated by the database, most incidents first.</summary>
    Task<IReadOnlyList<HeatmapCell>> HeatmapAsync(HeatmapQuery query, CancellationToken ct);

    /// <summary>Ids of every incident, ascending (settings changes recompute roll-ups for all).</summary>
    Task<IReadOnlyList<long>> AllIdsAsync(CancellationToken ct);
}
