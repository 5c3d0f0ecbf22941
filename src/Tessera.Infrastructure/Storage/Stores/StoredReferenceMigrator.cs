using Microsoft.EntityFrameworkCore;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Storage;
using Tessera.Core.Text;
using Tessera.Infrastructure.Alerts;
using Tessera.Infrastructure.Coverage;
using Tessera.Infrastructure.Incidents;
using Tessera.Infrastructure.Storage.Entities;

namespace Tessera.Infrastructure.Storage.Stores;

/// <summary>
/// The feature tables that hold technique IDs outside the generic reference table: incident associations (versioned by
/// their source key), rule tags and alert-library entries (unversioned). Works inside the caller's transaction.
/// </summary>
internal sealed class StoredReferenceMigrator(TesseraDbContext db, TechniqueMigrationPlan plan, IReadOnlyDictionary<string, TechniqueMigration> byOldId, DateTimeOffset now)
{
    public List<AppliedTechniqueMigration> Changes { get; } = [];

    public static async Task<List<StoredTechniqueReference>> ListAsync(TesseraDbContext db, string key, bool includeUnversioned, CancellationToken ct)
    {
        var incidents = await db.Set<IncidentTechniqueEntity>().AsNoTracking()
            .Where(t => t.SourceKey == key)
            .Join(db.Set<IncidentEntity>(), t => t.IncidentId, i => i.Id, (t, i) => new { t.IncidentId, i.Title, t.TechniqueId })
            .Distinct().ToListAsync(ct);
        var found = incidents.ConvertAll(i => new StoredTechniqueReference
        {
            Kind = TechniqueReferenceKind.IncidentAssociation, OwnerId = i.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Label = i.Title, TechniqueId = i.TechniqueId, CollectionKey = key,
        });
        if (includeUnversioned)
        {
            var rules = await db.Set<DetectionRuleEntity>().AsNoTracking().Select(r => new { r.Id, r.Title, r.TechniquesText }).ToListAsync(ct);
            found.AddRange(rules.SelectMany(r => Split(r.TechniquesText, '|').Select(id => new StoredTechniqueReference
            {
                Kind = TechniqueReferenceKind.DetectionRule, OwnerId = r.Id.ToString(), Label = r.Title, TechniqueId = id,
            })));
            var entries = await db.Set<AlertLibraryEntryEntity>().AsNoTracking().Select(e => new { e.Key, e.ExampleTitle, e.Confirmed, e.Rejected }).ToListAsync(ct);
            found.AddRange(entries.SelectMany(e => Split(e.Confirmed, ',').Select(id => (id, what: "confirmed")).Concat(Split(e.Rejected, ',').Select(id => (id, what: "rejected")))
                .Select(x => new StoredTechniqueReference
                {
                    Kind = TechniqueReferenceKind.AlertLibraryEntry, OwnerId = e.Key, Label = $"{e.ExampleTitle} ({x.what})", TechniqueId = x.id,
                })));
        }

        return found;
    }

    public async Task ApplyAsync(CancellationToken ct)
    {
        await MigrateIncidentsAsync(ct);
        if (plan.IncludeUnversioned && byOldId.Count > 0)
        {
            await MigrateRulesAsync(ct);
            await MigrateLibraryAsync(ct);
        }
    }

    // Retargets every association to the new key; a rewrite that lands on an association the incident already has
    // (same tactic, origin and new ID) is folded into it, because the unique index allows only one.
    private async Task MigrateIncidentsAsync(CancellationToken ct)
    {
        var rows = await db.Set<IncidentTechniqueEntity>().Where(t => t.SourceKey == plan.FromCollectionKey).OrderBy(t => t.Id).ToListAsync(ct);
        if (rows.Count == 0 || plan.FromCollectionKey == plan.ToCollectionKey && byOldId.Count == 0)
        {
            return;
        }

        var incidentIds = rows.Select(r => r.IncidentId).Distinct().ToList();
        var taken = (await db.Set<IncidentTechniqueEntity>().AsNoTracking()
                .Where(t => t.SourceKey == plan.ToCollectionKey && incidentIds.Contains(t.IncidentId)).ToListAsync(ct))
            .Select(Slot).ToHashSet();

        // Rows keeping their ID claim their slot first, so a rewritten row is the one folded into an existing ID.
        foreach (var row in rows.OrderBy(r => byOldId.ContainsKey(r.TechniqueId)))
        {
            var migration = byOldId.GetValueOrDefault(row.TechniqueId);
            if (migration is null && plan.FromCollectionKey == plan.ToCollectionKey)
            {
                continue;
            }

            var oldId = row.TechniqueId;
            row.TechniqueId = migration?.NewId.Trim() ?? oldId;
            row.SourceKey = plan.ToCollectionKey;
            var merged = !taken.Add(Slot(row));
            if (merged)
            {
                db.Remove(row);
            }

            if (migration is not null)
            {
                Log(TechniqueReferenceKind.IncidentAssociation, row.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture), oldId, row.TechniqueId, migration.Reason, merged, versioned: true);
            }
        }
    }

    private async Task MigrateRulesAsync(CancellationToken ct)
    {
        var ids = byOldId.Keys.ToList();
        var rules = await db.Set<DetectionRuleEntity>().Include(r => r.Techniques)
            .Where(r => r.Techniques.Any(t => ids.Contains(t.TechniqueId))).OrderBy(r => r.Id).ToListAsync(ct);
        foreach (var rule in rules)
        {
            var before = Split(rule.TechniquesText, '|');
            var after = Rewrite(before, out var rewritten);
            rule.TechniquesText = string.Join('|', after);
            rule.Techniques.RemoveAll(t => !after.Contains(t.TechniqueId));
            rule.Techniques.AddRange(after.Where(id => rule.Techniques.All(t => t.TechniqueId != id))
                .Select(id => new DetectionRuleTechniqueEntity { RuleId = rule.Id, TechniqueId = id }));
            foreach (var (oldId, migration) in rewritten)
            {
                Log(TechniqueReferenceKind.DetectionRule, rule.Id.ToString(), oldId, migration.NewId.Trim(), migration.Reason, merged: before.Contains(migration.NewId.Trim()), versioned: false);
            }

            db.Add(EfRuleRegistry.History(rule.Id, RuleChangeKind.TechniquesMigrated,
                $"{plan.FromCollectionKey} → {plan.ToCollectionKey}: {string.Join(", ", rewritten.Select(r => $"{r.OldId} → {r.Migration.NewId.Trim()}"))}", plan.Actor, now));
        }
    }

    private async Task MigrateLibraryAsync(CancellationToken ct)
    {
        var entries = await db.Set<AlertLibraryEntryEntity>().OrderBy(e => e.Key).ToListAsync(ct);
        foreach (var entry in entries)
        {
            var confirmed = Rewrite(Split(entry.Confirmed, ','), out var fromConfirmed);
            var rejected = Rewrite(Split(entry.Rejected, ','), out var fromRejected);
            if (fromConfirmed.Count + fromRejected.Count == 0)
            {
                continue;
            }

            entry.Confirmed = string.Join(',', confirmed);
            entry.Rejected = string.Join(',', rejected);
            // A new revision, so other instances' library refresh picks the rewrite up within seconds.
            db.Add(new AlertLibraryChangeEntity { EntryKey = entry.Key });
            foreach (var (oldId, migration) in fromConfirmed.Concat(fromRejected))
            {
                Log(TechniqueReferenceKind.AlertLibraryEntry, entry.Key, oldId, migration.NewId.Trim(), migration.Reason, merged: false, versioned: false);
            }
        }
    }

    private List<string> Rewrite(List<string> ids, out List<(string OldId, TechniqueMigration Migration)> rewritten)
    {
        rewritten = [];
        var result = new List<string>(ids.Count);
        foreach (var id in ids)
        {
            if (byOldId.TryGetValue(id, out var migration))
            {
                rewritten.Add((id, migration));
            }

            var next = migration?.NewId.Trim() ?? id;
            if (!result.Contains(next, StringComparer.OrdinalIgnoreCase))
            {
                result.Add(next);
            }
        }

        return result;
    }

    private void Log(TechniqueReferenceKind kind, string ownerId, string oldId, string newId, string reason, bool merged, bool versioned)
    {
        Changes.Add(new AppliedTechniqueMigration(kind, ownerId, oldId, newId, merged));
        db.Add(new TechniqueMigrationLogEntity
        {
            Kind = kind.ToString(), OwnerId = ownerId, OldTechniqueId = oldId, NewTechniqueId = newId,
            OldCollectionKey = versioned ? plan.FromCollectionKey : null, NewCollectionKey = versioned ? plan.ToCollectionKey : null,
            Reason = PlainText.Cut(merged ? reason + " (merged with the existing " + newId + ")" : reason, 500), Actor = plan.Actor, ChangedAt = now,
        });
    }

    private static (long, string, string, string, string) Slot(IncidentTechniqueEntity t) =>
        (t.IncidentId, t.Tactic, t.TechniqueId.ToUpperInvariant(), t.OriginKind, t.OriginRef);

    private static List<string> Split(string text, char separator) =>
        [.. text.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
