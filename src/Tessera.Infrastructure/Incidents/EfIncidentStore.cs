using Microsoft.EntityFrameworkCore;
using Tessera.Core.Incidents;
using Tessera.Core.Storage;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Incidents;

public sealed class EfIncidentStore(IDbContextFactory<TesseraDbContext> contexts, TimeProvider time) : IIncidentStore
{
    // A roll-up sync races only with other writers of the same incident; a few retries always win in practice.
    private const int SyncAttempts = 5;

    public async Task<SaveResult<Incident>> CreateAsync(NewIncident incident, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = contexts.CreateDbContext();
        var entity = new IncidentEntity
        {
            Title = incident.Title,
            Description = incident.Description,
            Severity = incident.Severity.ToString(),
            State = incident.State.ToString(),
            Assignee = incident.Assignee,
            ParentId = incident.ParentId,
            CreatedAt = now,
            UpdatedAt = now,
            ClosedAt = incident.State == IncidentState.Closed ? now : null,
        };
        db.Set<IncidentEntity>().Add(entity);
        await db.SaveChangesAsync(ct);
        return SaveResult<Incident>.Saved(IncidentMapping.ToIncident(entity));
    }

    public async Task<SaveResult<Incident>> UpdateAsync(Incident incident, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = contexts.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        long? formerParent = null;
        var (status, entity) = await VersionedUpdate.ApplyAsync<IncidentEntity>(db, incident.Id, incident.Version, e =>
        {
            formerParent = e.ParentId;
            var closing = incident.State == IncidentState.Closed && e.State != nameof(IncidentState.Closed);
            e.Title = incident.Title;
            e.Description = incident.Description;
            e.Severity = incident.Severity.ToString();
            e.State = incident.State.ToString();
            e.Assignee = incident.Assignee;
            e.ParentId = incident.ParentId;
            e.UpdatedAt = now;
            e.ClosedAt = incident.State == IncidentState.Closed ? (closing ? now : e.ClosedAt) : null;
        }, ct);
        if (status == SaveStatus.Saved)
        {
            await db.Set<IncidentTechniqueEntity>().Where(a => a.IncidentId == incident.Id)
                .ExecuteUpdateAsync(a => a.SetProperty(x => x.IncidentSeverity, entity!.Severity).SetProperty(x => x.IncidentState, entity.State), ct);
            if (formerParent is { } former && former != incident.ParentId)
            {
                // Detached from its parent: the parent's hand roll-up of it goes too, so it does not return pinned.
                await PinRows(db, former, AssociationOrigin.Child(incident.Id)).ExecuteDeleteAsync(ct);
            }

            await transaction.CommitAsync(ct);
        }

        return status switch
        {
            SaveStatus.Saved => SaveResult<Incident>.Saved(IncidentMapping.ToIncident(entity!)),
            SaveStatus.NotFound => SaveResult<Incident>.NotFound(Incident.Missing(incident.Id)),
            _ => SaveResult<Incident>.Conflict($"{incident.Number} was changed by someone else; reload and retry."),
        };
    }

    public async Task<Incident?> FindAsync(long id, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var entity = await db.Set<IncidentEntity>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        return entity is null ? null : IncidentMapping.ToIncident(entity);
    }

    public async Task<IncidentPage> ListAsync(IncidentQuery query, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = IncidentMapping.Filter(db.Set<IncidentEntity>().AsNoTracking(), query.States, query.Severities, query.From, query.To);
        if (!string.IsNullOrWhiteSpace(query.Assignee))
        {
            rows = rows.Where(i => i.Assignee == query.Assignee);
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim().ToLowerInvariant();
            rows = rows.Where(i => i.Title.ToLower().Contains(text));
        }

        if (query.ParentId is { } parentId)
        {
            rows = rows.Where(i => i.ParentId == parentId);
        }

        if (!string.IsNullOrWhiteSpace(query.TechniqueId))
        {
            var technique = query.TechniqueId.Trim().ToUpperInvariant();
            var children = technique + ".";
            rows = query.IncludeSubtechniques
                ? rows.Where(i => db.Set<IncidentTechniqueEntity>().Any(a => a.IncidentId == i.Id
                    && (a.TechniqueId == technique || a.TechniqueId.StartsWith(children))))
                : rows.Where(i => db.Set<IncidentTechniqueEntity>().Any(a => a.IncidentId == i.Id && a.TechniqueId == technique));
        }

        var page = await rows.OrderByDescending(i => i.Id)
            .Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, IncidentQuery.MaxTake)).ToListAsync(ct);
        var total = query.CountTotal ? await rows.CountAsync(ct) : page.Count;
        return new IncidentPage(page.ConvertAll(IncidentMapping.ToIncident), total);
    }

    public async Task<IReadOnlyList<Incident>> ChildrenAsync(long parentId, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<IncidentEntity>().AsNoTracking().Where(i => i.ParentId == parentId).OrderBy(i => i.Id).ToListAsync(ct);
        return rows.ConvertAll(IncidentMapping.ToIncident);
    }

    public async Task<IReadOnlyList<long>> AllIdsAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Set<IncidentEntity>().OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<TechniqueAssociation>> AssociationsAsync(long incidentId, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<IncidentTechniqueEntity>().AsNoTracking().Where(a => a.IncidentId == incidentId).ToListAsync(ct);
        return rows.Select(IncidentMapping.ToAssociation)
            .OrderBy(a => a.SourceKey, StringComparer.Ordinal).ThenBy(a => a.Tactic, StringComparer.Ordinal)
            .ThenBy(a => a.TechniqueId, StringComparer.Ordinal).ThenBy(a => a.Origin.ToString(), StringComparer.Ordinal)
            .ToList();
    }

    public async Task<SaveResult<Incident>> ChangeAssociationsAsync(long incidentId, long expectedVersion, AssociationOrigin origin,
        IReadOnlyList<AssociationTarget> add, IReadOnlyList<AssociationRemoval> remove, string changedBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = contexts.CreateDbContext();
        var incident = await db.Set<IncidentEntity>().FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null)
        {
            return SaveResult<Incident>.NotFound(Incident.Missing(incidentId));
        }

        db.Entry(incident).Property(e => e.Version).OriginalValue = expectedVersion;
        var rows = await db.Set<IncidentTechniqueEntity>().Where(a => a.IncidentId == incidentId).ToListAsync(ct);
        var removed = rows.Where(r => remove.Any(m => m.Matches(new AssociationTarget(r.SourceKey, r.Tactic, r.TechniqueId)))).ToList();
        var kind = origin.Kind.ToString();
        var existing = rows.Where(r => r.OriginKind == kind && r.OriginRef == origin.Ref)
            .Select(r => new AssociationTarget(r.SourceKey, r.Tactic, r.TechniqueId)).ToHashSet();
        var added = add.Where(t => !existing.Contains(t)).Distinct().ToList();
        if (removed.Count == 0 && added.Count == 0)
        {
            // Nothing to change (the associations are already there): no new version, so nobody else's next write is refused.
            return incident.Version == expectedVersion
                ? SaveResult<Incident>.Saved(IncidentMapping.ToIncident(incident))
                : SaveResult<Incident>.Conflict($"{Incident.FormatNumber(incidentId)} was changed by someone else; reload and retry.");
        }

        db.RemoveRange(removed);
        foreach (var target in added)
        {
            db.Add(IncidentMapping.ToEntity(incident, target, origin, changedBy, now));
        }

        incident.UpdatedAt = now;
        db.Entry(incident).State = EntityState.Modified;
        try
        {
            await db.SaveChangesAsync(ct);
            return SaveResult<Incident>.Saved(IncidentMapping.ToIncident(incident));
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult<Incident>.Conflict($"{Incident.FormatNumber(incidentId)} was changed by someone else; reload and retry.");
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return SaveResult<Incident>.Conflict($"{Incident.FormatNumber(incidentId)} was changed by someone else; reload and retry.");
        }
    }

    public async Task<(int Added, int Removed)> SyncOriginAsync(long incidentId, AssociationOrigin origin,
        IReadOnlyCollection<AssociationTarget> desired, CancellationToken ct)
    {
        var kind = origin.Kind.ToString();
        for (var attempt = 1; ; attempt++)
        {
            await using var db = contexts.CreateDbContext();
            var incident = await db.Set<IncidentEntity>().FirstOrDefaultAsync(i => i.Id == incidentId, ct);
            if (incident is null)
            {
                return (0, 0);
            }

            var rows = await db.Set<IncidentTechniqueEntity>()
                .Where(a => a.IncidentId == incidentId && a.OriginKind == kind && a.OriginRef == origin.Ref).ToListAsync(ct);
            var want = desired.ToHashSet();
            var stale = rows.Where(r => !want.Contains(new AssociationTarget(r.SourceKey, r.Tactic, r.TechniqueId))).ToList();
            var have = rows.Select(r => new AssociationTarget(r.SourceKey, r.Tactic, r.TechniqueId)).ToHashSet();
            var missing = want.Where(t => !have.Contains(t)).ToList();
            if (stale.Count == 0 && missing.Count == 0)
            {
                return (0, 0);
            }

            var now = time.GetUtcNow();
            db.RemoveRange(stale);
            db.AddRange(missing.Select(t => IncidentMapping.ToEntity(incident, t, origin, "rollup", now)));
            incident.UpdatedAt = now;
            db.Entry(incident).State = EntityState.Modified;
            try
            {
                await db.SaveChangesAsync(ct);
                return (missing.Count, stale.Count);
            }
            catch (DbUpdateException) when (attempt < SyncAttempts)
            {
                // Another writer changed the incident or added the same row meanwhile: re-read and diff again.
            }
        }
    }

    public async Task<IncidentObservable?> AddObservableAsync(NewObservable observable, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var entity = new IncidentObservableEntity
        {
            IncidentId = observable.IncidentId, Kind = observable.Kind.ToString(), Value = observable.Value, CreatedAt = time.GetUtcNow(),
        };
        db.Add(entity);
        return await SavedOrTakenAsync(db, ct) ? IncidentMapping.ToObservable(entity) : null;
    }

    public Task<IReadOnlyList<IncidentObservable>> ObservablesAsync(long incidentId, CancellationToken ct) =>
        EvidenceAsync<IncidentObservableEntity, IncidentObservable>(incidentId, IncidentMapping.ToObservable, ct);

    public Task<bool> RemoveObservableAsync(long incidentId, long observableId, CancellationToken ct) =>
        DeleteEvidenceAsync<IncidentObservableEntity>(incidentId, observableId, (_, _) => Task.FromResult<AssociationOrigin?>(AssociationOrigin.Observable(observableId)), ct);

    public async Task<ThreatLookup> AddLookupAsync(NewThreatLookup lookup, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var entity = new IncidentLookupEntity
        {
            IncidentId = lookup.IncidentId, ObservableId = lookup.ObservableId, Provider = lookup.Provider.Trim(), Verdict = lookup.Verdict.Trim(),
            Techniques = string.Join(',', lookup.Techniques), SourceKey = lookup.SourceKey, CreatedAt = time.GetUtcNow(),
        };
        db.Add(entity);
        await db.SaveChangesAsync(ct);
        return IncidentMapping.ToLookup(entity);
    }

    public Task<IReadOnlyList<ThreatLookup>> LookupsAsync(long incidentId, CancellationToken ct) =>
        EvidenceAsync<IncidentLookupEntity, ThreatLookup>(incidentId, IncidentMapping.ToLookup, ct);

    // A lookup on an observable is part of the observable's origin, which stays.
    public Task<bool> RemoveLookupAsync(long incidentId, long lookupId, CancellationToken ct) =>
        DeleteEvidenceAsync<IncidentLookupEntity>(incidentId, lookupId,
            (_, row) => Task.FromResult(row.ObservableId is null ? AssociationOrigin.Lookup(lookupId) : (AssociationOrigin?)null), ct);

    public async Task<IncidentAlert?> AttachAlertAsync(NewIncidentAlert alert, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var entity = new IncidentAlertEntity
        {
            IncidentId = alert.IncidentId, AlertId = alert.AlertId.Trim(), Title = alert.Title.Trim(), Source = alert.Source.Trim(),
            Rule = alert.Rule.Trim(), Techniques = string.Join(',', alert.Techniques), SourceKey = alert.SourceKey, AlertRecordId = alert.AlertRecordId,
            GivenByHand = alert.GivenByHand, CreatedAt = time.GetUtcNow(),
        };
        db.Add(entity);
        return await SavedOrTakenAsync(db, ct) ? IncidentMapping.ToAlert(entity) : null;
    }

    /// <summary>
    /// Saves one new evidence row; false when a unique index says the incident already has it (incident_observables:
    /// incident, kind and value; incident_alerts: incident and stored alert, or incident, source and alert ID).
    /// </summary>
    private static async Task<bool> SavedOrTakenAsync(DbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return false;
        }
    }

    public Task<IReadOnlyList<IncidentAlert>> AlertsAsync(long incidentId, CancellationToken ct) =>
        EvidenceAsync<IncidentAlertEntity, IncidentAlert>(incidentId, IncidentMapping.ToAlert, ct);

    public async Task<IReadOnlyList<IncidentAlert>> AttachmentsOfAsync(IReadOnlyCollection<long> alertRecordIds, CancellationToken ct)
    {
        if (alertRecordIds.Count == 0)
        {
            return [];
        }

        var ids = alertRecordIds.Distinct().ToList();
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<IncidentAlertEntity>().AsNoTracking()
            .Where(a => a.AlertRecordId != null && ids.Contains(a.AlertRecordId.Value)).OrderBy(a => a.Id).ToListAsync(ct);
        return rows.ConvertAll(IncidentMapping.ToAlert);
    }

    // Alerts given by SIEM id alone can share an origin (same id and rule): its pin goes with the last of them.
    public Task<bool> DetachAlertAsync(long incidentId, long alertRowId, CancellationToken ct) =>
        DeleteEvidenceAsync<IncidentAlertEntity>(incidentId, alertRowId, async (db, row) =>
        {
            var origin = AssociationOrigin.Alert(IncidentMapping.ToAlert(row));
            var rest = await db.Set<IncidentAlertEntity>().AsNoTracking().Where(a => a.IncidentId == incidentId).ToListAsync(ct);
            return rest.Any(a => AssociationOrigin.Alert(IncidentMapping.ToAlert(a)) == origin) ? null : origin;
        }, ct);

    public async Task<bool> SetAlertTechniquesAsync(long incidentId, long alertRowId, IReadOnlyList<string> techniques, CancellationToken ct)
    {
        var joined = string.Join(',', techniques);
        await using var db = contexts.CreateDbContext();
        return await db.Set<IncidentAlertEntity>().Where(e => e.IncidentId == incidentId && e.Id == alertRowId)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.Techniques, joined), ct) > 0;
    }

    private async Task<IReadOnlyList<T>> EvidenceAsync<TEntity, T>(long incidentId, Func<TEntity, T> map, CancellationToken ct)
        where TEntity : class, IEvidenceEntity
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<TEntity>().AsNoTracking().Where(e => e.IncidentId == incidentId).OrderBy(e => e.Id).ToListAsync(ct);
        return rows.ConvertAll(e => map(e));
    }

    /// <summary>
    /// Deletes one evidence row and, in the same transaction, the hand roll-up (pin) of the origin it was, so a pin never
    /// outlives its evidence; <paramref name="pinOf"/> names that origin (after the delete), or null to keep the pin.
    /// </summary>
    private async Task<bool> DeleteEvidenceAsync<TEntity>(long incidentId, long id, Func<TesseraDbContext, TEntity, Task<AssociationOrigin?>> pinOf,
        CancellationToken ct) where TEntity : class, IEvidenceEntity
    {
        await using var db = contexts.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var row = await db.Set<TEntity>().AsNoTracking().FirstOrDefaultAsync(e => e.IncidentId == incidentId && e.Id == id, ct);
        if (row is null || await db.Set<TEntity>().Where(e => e.IncidentId == incidentId && e.Id == id).ExecuteDeleteAsync(ct) == 0)
        {
            return false;
        }

        if (await pinOf(db, row) is { } origin)
        {
            await PinRows(db, incidentId, origin).ExecuteDeleteAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    private static IQueryable<IncidentRollupPinEntity> PinRows(TesseraDbContext db, long incidentId, AssociationOrigin origin)
    {
        var kind = origin.Kind.ToString();
        return db.Set<IncidentRollupPinEntity>().Where(p => p.IncidentId == incidentId && p.OriginKind == kind && p.OriginRef == origin.Ref);
    }

    public async Task<IReadOnlyList<AssociationOrigin>> PinnedOriginsAsync(long incidentId, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<IncidentRollupPinEntity>().AsNoTracking().Where(p => p.IncidentId == incidentId).ToListAsync(ct);
        return rows.ConvertAll(p => new AssociationOrigin(Enum.Parse<OriginKind>(p.OriginKind), p.OriginRef));
    }

    public async Task SetPinnedAsync(long incidentId, AssociationOrigin origin, bool pinned, CancellationToken ct)
    {
        var kind = origin.Kind.ToString();
        await using var db = contexts.CreateDbContext();
        var rows = PinRows(db, incidentId, origin);
        if (!pinned)
        {
            await rows.ExecuteDeleteAsync(ct);
            return;
        }

        if (await rows.AnyAsync(ct))
        {
            return;
        }

        db.Add(new IncidentRollupPinEntity { IncidentId = incidentId, OriginKind = kind, OriginRef = origin.Ref });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Pinned concurrently by someone else: the outcome is the same.
        }
    }

    public async Task<IReadOnlyList<HeatmapCell>> HeatmapAsync(HeatmapQuery query, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = db.Set<IncidentTechniqueEntity>().Where(a => a.TechniqueId != "");
        if (!string.IsNullOrWhiteSpace(query.SourceKey))
        {
            rows = rows.Where(a => a.SourceKey == query.SourceKey);
        }

        if (query.States.Count > 0)
        {
            var names = query.States.Select(s => s.ToString()).ToList();
            rows = rows.Where(a => names.Contains(a.IncidentState));
        }

        if (query.Severities.Count > 0)
        {
            var names = query.Severities.Select(s => s.ToString()).ToList();
            rows = rows.Where(a => names.Contains(a.IncidentSeverity));
        }

        if (query.From is { } from)
        {
            rows = rows.Where(a => a.IncidentCreatedAt >= from);
        }

        if (query.To is { } to)
        {
            rows = rows.Where(a => a.IncidentCreatedAt < to);
        }

        var cells = await rows
            .GroupBy(a => a.TechniqueId)
            .Select(g => new { Id = g.Key, Incidents = g.Select(x => x.IncidentId).Distinct().Count(), Rows = g.Count() })
            .ToListAsync(ct);
        return cells.Select(c => new HeatmapCell(c.Id, c.Incidents, c.Rows))
            .OrderByDescending(c => c.Incidents).ThenBy(c => c.TechniqueId, StringComparer.Ordinal).ToList();
    }
}
