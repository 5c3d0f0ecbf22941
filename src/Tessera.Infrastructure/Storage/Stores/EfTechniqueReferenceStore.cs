using Microsoft.EntityFrameworkCore;
using Tessera.Core.Storage;
using Tessera.Infrastructure.Storage.Entities;

namespace Tessera.Infrastructure.Storage.Stores;

public sealed class EfTechniqueReferenceStore(IDbContextFactory<TesseraDbContext> contexts, TimeProvider time) : ITechniqueReferenceStore
{
    public async Task<TechniqueReference> AddAsync(NewTechniqueReference reference, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference.OwnerType);
        ArgumentException.ThrowIfNullOrWhiteSpace(reference.OwnerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reference.TechniqueId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reference.CollectionKey);
        await using var db = contexts.CreateDbContext();
        var entity = new TechniqueReferenceEntity
        {
            OwnerType = reference.OwnerType,
            OwnerId = reference.OwnerId,
            TechniqueId = reference.TechniqueId.Trim(),
            CollectionKey = reference.CollectionKey,
            CreatedAt = time.GetUtcNow(),
        };
        db.TechniqueReferences.Add(entity);
        await db.SaveChangesAsync(ct);
        return ToReference(entity);
    }

    public async Task<IReadOnlyList<TechniqueReference>> ListByOwnerAsync(string ownerType, string ownerId, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.TechniqueReferences.AsNoTracking()
            .Where(r => r.OwnerType == ownerType && r.OwnerId == ownerId).OrderBy(r => r.Id).ToListAsync(ct);
        return rows.ConvertAll(ToReference);
    }

    public async Task<IReadOnlyList<TechniqueReferenceChange>> HistoryAsync(long referenceId, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.TechniqueReferenceHistory.AsNoTracking()
            .Where(h => h.ReferenceId == referenceId).OrderBy(h => h.Id).ToListAsync(ct);
        return rows.ConvertAll(h => new TechniqueReferenceChange
        {
            Id = h.Id,
            ReferenceId = h.ReferenceId,
            OldTechniqueId = h.OldTechniqueId,
            NewTechniqueId = h.NewTechniqueId,
            OldCollectionKey = h.OldCollectionKey,
            NewCollectionKey = h.NewCollectionKey,
            Reason = h.Reason,
            ChangedAt = h.ChangedAt,
        });
    }

    public async Task<IReadOnlyList<StoredTechniqueReference>> ListStoredAsync(string collectionKey, bool includeUnversioned, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var generic = await db.TechniqueReferences.AsNoTracking().Where(r => r.CollectionKey == collectionKey).OrderBy(r => r.Id).ToListAsync(ct);
        var found = generic.ConvertAll(r => new StoredTechniqueReference
        {
            Kind = TechniqueReferenceKind.Reference, OwnerId = r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Label = $"{r.OwnerType} {r.OwnerId}", TechniqueId = r.TechniqueId, CollectionKey = r.CollectionKey,
        });
        found.AddRange(await StoredReferenceMigrator.ListAsync(db, collectionKey, includeUnversioned, ct));
        return found.OrderBy(r => r.Kind).ThenBy(r => r.OwnerId, StringComparer.Ordinal).ThenBy(r => r.TechniqueId, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<TechniqueMigrationLogEntry>> MigrationLogAsync(TechniqueReferenceKind kind, string ownerId, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var kindText = kind.ToString();
        var rows = await db.Set<TechniqueMigrationLogEntity>().AsNoTracking()
            .Where(l => l.Kind == kindText && l.OwnerId == ownerId).OrderBy(l => l.Id).ToListAsync(ct);
        return rows.ConvertAll(l => new TechniqueMigrationLogEntry
        {
            Id = l.Id, Kind = kind, OwnerId = l.OwnerId, OldTechniqueId = l.OldTechniqueId, NewTechniqueId = l.NewTechniqueId,
            OldCollectionKey = l.OldCollectionKey, NewCollectionKey = l.NewCollectionKey, Reason = l.Reason, Actor = l.Actor, ChangedAt = l.ChangedAt,
        });
    }

    public async Task<TechniqueMigrationResult> MigrateTechniqueReferencesAsync(TechniqueMigrationPlan plan, CancellationToken ct)
    {
        var errors = Validate(plan);
        if (errors.Count > 0)
        {
            return new TechniqueMigrationResult { Rewritten = 0, Retargeted = 0, Errors = errors };
        }

        // Keyed by the ID before the upgrade, so chains (A→B, B→C) apply one step, as the diff between two releases means.
        var byOldId = plan.Migrations.ToDictionary(m => m.OldId.Trim(), StringComparer.OrdinalIgnoreCase);
        var now = time.GetUtcNow();
        await using var db = contexts.CreateDbContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var references = await db.TechniqueReferences
            .Where(r => r.CollectionKey == plan.FromCollectionKey).OrderBy(r => r.Id).ToListAsync(ct);
        int rewritten = 0, retargeted = 0;
        var changes = new List<AppliedTechniqueMigration>();
        foreach (var reference in references)
        {
            var migration = byOldId.GetValueOrDefault(reference.TechniqueId);
            var newId = migration?.NewId.Trim() ?? reference.TechniqueId;
            if (migration is null && plan.FromCollectionKey == plan.ToCollectionKey)
            {
                continue;
            }

            db.TechniqueReferenceHistory.Add(new TechniqueReferenceHistoryEntity
            {
                ReferenceId = reference.Id,
                OldTechniqueId = reference.TechniqueId,
                NewTechniqueId = newId,
                OldCollectionKey = reference.CollectionKey,
                NewCollectionKey = plan.ToCollectionKey,
                Reason = migration?.Reason ?? plan.UnchangedReason,
                ChangedAt = now,
            });
            reference.TechniqueId = newId;
            reference.CollectionKey = plan.ToCollectionKey;
            if (migration is null)
            {
                retargeted++;
            }
            else
            {
                rewritten++;
                changes.Add(new AppliedTechniqueMigration(TechniqueReferenceKind.Reference, reference.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), migration.OldId, newId));
            }
        }

        var features = new StoredReferenceMigrator(db, plan, byOldId, now);
        await features.ApplyAsync(ct);
        changes.AddRange(features.Changes);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new TechniqueMigrationResult { Rewritten = rewritten + features.Changes.Count, Retargeted = retargeted, Errors = [], Changes = changes };
    }

    private static List<string> Validate(TechniqueMigrationPlan plan)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(plan.FromCollectionKey) || string.IsNullOrWhiteSpace(plan.ToCollectionKey))
        {
            errors.Add("Plan needs both a from and a to collection key.");
        }

        for (var i = 0; i < plan.Migrations.Count; i++)
        {
            var m = plan.Migrations[i];
            if (string.IsNullOrWhiteSpace(m.OldId) || string.IsNullOrWhiteSpace(m.NewId))
            {
                errors.Add($"Migration #{i + 1}: old and new technique IDs are required.");
            }
            else if (string.IsNullOrWhiteSpace(m.Reason))
            {
                errors.Add($"Migration #{i + 1} ({m.OldId} → {m.NewId}): a reason is required for the history.");
            }
        }

        errors.AddRange(plan.Migrations
            .Where(m => !string.IsNullOrWhiteSpace(m.OldId))
            .GroupBy(m => m.OldId.Trim(), StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => $"Technique {g.Key} appears {g.Count()} times as an old ID; each may map to one new ID."));
        return errors;
    }

    private static TechniqueReference ToReference(TechniqueReferenceEntity e) => new()
    {
        Id = e.Id,
        OwnerType = e.OwnerType,
        OwnerId = e.OwnerId,
        TechniqueId = e.TechniqueId,
        CollectionKey = e.CollectionKey,
        CreatedAt = e.CreatedAt,
    };
}
