using Tessera.Core.Attack;

namespace Tessera.Core.Incidents;

/// <summary>
/// Recomputes derived associations. For one incident the derived rows are a pure function of its evidence
/// (lookups, observables' lookups, alerts, children's associations), the roll-up settings and the hand roll-ups:
/// each derived origin is synced to exactly that set, so running it again changes nothing (idempotent), removed
/// evidence un-rolls, and walking up the parent chain carries nested children's techniques to every ancestor.
/// Each sync is its own transaction; a failure midway leaves a state the next recompute repairs.
/// </summary>
public sealed class IncidentRollup(IIncidentStore store, IRollupSettingsSource settings, IAttackSourceCatalog catalog)
{
    /// <summary>
    /// Syncs the incident, then its parent, grandparent … (up to <see cref="IncidentLimits.MaxNesting"/>). A closed
    /// incident keeps the associations it was closed with, so the walk stops at the first closed one (its ancestors see
    /// it unchanged); <paramref name="closedStart"/> syncs a closed starting incident anyway, for an analyst's own
    /// roll-up decision on it. Reopening an incident recomputes it.
    /// </summary>
    public async Task<IReadOnlyList<RollupChange>> RecomputeAsync(long incidentId, CancellationToken ct, bool closedStart = false)
    {
        var changes = new List<RollupChange>();
        var visited = new HashSet<long>();
        long? current = incidentId;
        var rollup = await settings.GetAsync(ct);
        while (current is { } id && visited.Add(id) && visited.Count <= IncidentLimits.MaxNesting + 1)
        {
            var incident = await store.FindAsync(id, ct);
            if (incident is null || (incident.IsClosed && !(closedStart && id == incidentId)))
            {
                break;
            }

            changes.AddRange(await SyncAsync(id, rollup, ct));
            current = incident.ParentId;
        }

        return changes;
    }

    private async Task<IReadOnlyList<RollupChange>> SyncAsync(long id, RollupSettings rollup, CancellationToken ct)
    {
        var pinned = (await store.PinnedOriginsAsync(id, ct)).ToHashSet();
        var desired = new Dictionary<AssociationOrigin, IReadOnlyCollection<AssociationTarget>>();
        bool On(AssociationOrigin origin) => rollup.IsAutomatic(origin.Kind) || pinned.Contains(origin);

        var lookups = await store.LookupsAsync(id, ct);
        foreach (var lookup in lookups.Where(l => l.ObservableId is null))
        {
            var origin = AssociationOrigin.Lookup(lookup.Id);
            if (On(origin))
            {
                desired[origin] = await PlaceAsync(lookup.SourceKey, lookup.Techniques, ct);
            }
        }

        foreach (var observable in await store.ObservablesAsync(id, ct))
        {
            var origin = AssociationOrigin.Observable(observable.Id);
            var own = lookups.Where(l => l.ObservableId == observable.Id).ToList();
            if (On(origin) && own.Count > 0)
            {
                var placed = new HashSet<AssociationTarget>();
                foreach (var lookup in own)
                {
                    placed.UnionWith(await PlaceAsync(lookup.SourceKey, lookup.Techniques, ct));
                }

                desired[origin] = placed;
            }
        }

        foreach (var alert in await store.AlertsAsync(id, ct))
        {
            var origin = AssociationOrigin.Alert(alert);
            if (On(origin))
            {
                var placed = desired.TryGetValue(origin, out var earlier) ? earlier.ToHashSet() : new HashSet<AssociationTarget>();
                placed.UnionWith(await PlaceAsync(alert.SourceKey, alert.Techniques, ct));
                desired[origin] = placed;
            }
        }

        foreach (var child in await store.ChildrenAsync(id, ct))
        {
            var origin = AssociationOrigin.Child(child.Id);
            if (On(origin))
            {
                desired[origin] = (await store.AssociationsAsync(child.Id, ct)).Select(a => a.Target).ToHashSet();
            }
        }

        // Origins present now but no longer wanted (evidence removed, child detached, roll-up switched off) un-roll.
        var existing = (await store.AssociationsAsync(id, ct)).Select(a => a.Origin).Where(o => o.IsDerived).ToHashSet();
        var changes = new List<RollupChange>();
        foreach (var origin in existing.Union(desired.Keys))
        {
            var (added, removed) = await store.SyncOriginAsync(id, origin, desired.GetValueOrDefault(origin) ?? [], ct);
            if (added + removed > 0)
            {
                changes.Add(new RollupChange(id, origin, added, removed));
            }
        }

        return changes;
    }

    private async Task<IReadOnlyList<AssociationTarget>> PlaceAsync(string? sourceKey, IReadOnlyList<string> techniques, CancellationToken ct)
    {
        var collection = sourceKey is null
            ? await catalog.DefaultAsync(AttackDomain.Enterprise, ct)
            : (await catalog.ResolveAsync(sourceKey, ct)).Collection;
        // Without a usable source the evidence cannot be placed in a matrix; it stays on the evidence and rolls up
        // when an admin activates a source (activating or deactivating one recomputes every incident's roll-up, see
        // IncidentService.RecomputeAllAsync; a lookup naming an unusable source is refused when added).
        return collection is null ? [] : AssociationValidator.Place(collection, techniques);
    }
}
