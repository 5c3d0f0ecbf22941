using Microsoft.EntityFrameworkCore;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Storage;
using Tessera.Core.Text;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Coverage;

public sealed class EfRuleRegistry(IDbContextFactory<TesseraDbContext> contexts, TimeProvider time) : IRuleRegistry
{
    public async Task<RuleImportSummary> ImportAsync(IReadOnlyList<RuleImportItem> items, string? actor, CancellationToken ct)
    {
        CheckBatch(items);
        await using var db = contexts.CreateDbContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var summary = await UpsertAsync(db, items, actor, time.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return summary;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when an import batch repeats a rule (source and external id).</summary>
    internal static void CheckBatch(IReadOnlyList<RuleImportItem> items)
    {
        var duplicate = items.GroupBy(i => (i.Rule.Source, i.Rule.ExternalId)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"the batch repeats rule {duplicate.Key.Source}/{duplicate.Key.ExternalId}", nameof(items));
        }
    }

    /// <summary>
    /// <see cref="ImportAsync"/>'s upsert in the caller's transaction, which the caller saves and commits: holds
    /// <see cref="WriteLock.Rules"/> from before the existing rules are read, so concurrent imports of one batch (two
    /// requests, two instances) create each rule once and the others find it.
    /// </summary>
    internal static async Task<RuleImportSummary> UpsertAsync(
        TesseraDbContext db, IReadOnlyList<RuleImportItem> items, string? actor, DateTimeOffset now, CancellationToken ct)
    {
        await WriteLock.Rules.HoldAsync(db, ct);
        var sources = items.Select(i => i.Rule.Source.ToString()).Distinct().ToList();
        var existing = (await db.Set<DetectionRuleEntity>().AsNoTracking()
                .Where(r => sources.Contains(r.Source))
                .Select(r => new { r.Id, r.Source, r.ExternalId, r.ContentHash })
                .ToListAsync(ct))
            .ToDictionary(r => (r.Source, r.ExternalId));

        int created = 0, updated = 0, unchanged = 0;
        var changed = new List<RuleImportItem>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var item in items)
        {
            if (!existing.TryGetValue((item.Rule.Source.ToString(), item.Rule.ExternalId), out var row))
            {
                var entity = RuleMapping.NewEntity(Guid.NewGuid(), item.Rule, item.SourceFile, now);
                db.Add(entity);
                db.Add(History(entity.Id, RuleChangeKind.Created, $"imported from {item.SourceFile ?? item.Rule.Source.ToString()}", actor, now));
                created++;
            }
            else if (row.ContentHash == RuleMapping.Hash(item.Rule))
            {
                unchanged++;
            }
            else
            {
                changed.Add(item);
            }
        }

        db.ChangeTracker.AutoDetectChangesEnabled = true;
        foreach (var chunk in changed.Chunk(500))
        {
            var ids = chunk.Select(i => existing[(i.Rule.Source.ToString(), i.Rule.ExternalId)].Id).ToList();
            var entities = await db.Set<DetectionRuleEntity>().Include(r => r.Techniques).Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
            foreach (var item in chunk)
            {
                var entity = entities[existing[(item.Rule.Source.ToString(), item.Rule.ExternalId)].Id];
                var what = Describe(RuleMapping.ToRegistered(entity).Rule, item.Rule);
                RuleMapping.ApplyContent(entity, item.Rule);
                entity.SourceFile = item.SourceFile ?? entity.SourceFile;
                entity.UpdatedAt = now;
                db.Add(History(entity.Id, RuleChangeKind.ContentUpdated, what, actor, now));
                updated++;
            }
        }

        return new RuleImportSummary(created, updated, unchanged);
    }

    public async Task<SaveResult<RegisteredRule>> AddAsync(DetectionRule rule, string? actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = contexts.CreateDbContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Held from before the check, as imports hold it, so an import running beside this add never fails on its insert.
        await WriteLock.Rules.HoldAsync(db, ct);
        var source = rule.Source.ToString();
        if (await db.Set<DetectionRuleEntity>().AnyAsync(r => r.Source == source && r.ExternalId == rule.ExternalId, ct))
        {
            return SaveResult<RegisteredRule>.Duplicate($"a {source} rule with id '{rule.ExternalId}' exists already");
        }

        var entity = RuleMapping.NewEntity(Guid.NewGuid(), rule, null, now);
        db.Add(entity);
        db.Add(History(entity.Id, RuleChangeKind.Created, "entered by hand or API", actor, now));
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return SaveResult<RegisteredRule>.Duplicate($"a {source} rule with id '{rule.ExternalId}' exists already");
        }

        return SaveResult<RegisteredRule>.Saved(RuleMapping.ToRegistered(entity));
    }

    public async Task<SaveResult<RegisteredRule>> EditAsync(Guid id, long expectedVersion, RuleEdit edit, string? actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = contexts.CreateDbContext();
        var (status, entity) = await VersionedUpdate.ApplyAsync<DetectionRuleEntity>(db, id, expectedVersion, e =>
        {
            var owner = edit.ClearOwner ? null : edit.Owner?.Trim() ?? e.Owner;
            if (owner != e.Owner)
            {
                db.Add(History(e.Id, RuleChangeKind.OwnerChanged, $"owner {e.Owner ?? "(none)"} → {owner ?? "(none)"}", actor, now));
                e.Owner = owner;
            }

            if (edit.Enabled is { } enabled && enabled != e.Enabled)
            {
                db.Add(History(e.Id, RuleChangeKind.EnabledChanged, enabled ? "enabled" : "disabled", actor, now));
                e.Enabled = enabled;
                // A rule imported disabled (deprecated upstream) has never been tested once someone enables it.
                if (enabled && e.Validation == nameof(ValidationStatus.Disabled))
                {
                    e.Validation = nameof(ValidationStatus.Untested);
                }
            }

            e.UpdatedAt = now;
        }, ct);
        return status switch
        {
            SaveStatus.Saved => SaveResult<RegisteredRule>.Saved(RuleMapping.ToRegistered(entity!)),
            SaveStatus.NotFound => SaveResult<RegisteredRule>.NotFound($"no rule {id}"),
            _ => SaveResult<RegisteredRule>.Conflict("the rule changed since you read it; reload and try again"),
        };
    }

    public async Task<RegisteredRule?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var entity = await db.Set<DetectionRuleEntity>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return entity is null ? null : RuleMapping.ToRegistered(entity);
    }

    public async Task<RulePage> QueryAsync(RuleQuery query, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var q = Filter(db.Set<DetectionRuleEntity>().AsNoTracking(), query);
        var total = await q.CountAsync(ct);
        var rows = await WithoutQueryText(q.OrderBy(r => r.Title).ThenBy(r => r.Id).Skip(query.Skip).Take(Math.Clamp(query.Take, 1, RuleQuery.MaxTake))).ToListAsync(ct);
        return new RulePage(rows.ConvertAll(RuleMapping.ToRegistered), total);
    }

    public async Task<IReadOnlyList<RegisteredRule>> ListForCoverageAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await WithoutQueryText(db.Set<DetectionRuleEntity>().AsNoTracking()).ToListAsync(ct);
        return rows.ConvertAll(RuleMapping.ToRegistered);
    }

    public async Task<IReadOnlyList<RuleChange>> HistoryAsync(Guid id, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<DetectionRuleHistoryEntity>().AsNoTracking().Where(h => h.RuleId == id).OrderBy(h => h.Id).ToListAsync(ct);
        return rows.ConvertAll(h => new RuleChange(h.Id, h.RuleId, Enum.Parse<RuleChangeKind>(h.Kind), h.Summary, h.Actor, h.At));
    }

    internal static DetectionRuleHistoryEntity History(Guid ruleId, RuleChangeKind kind, string summary, string? actor, DateTimeOffset at) =>
        new() { RuleId = ruleId, Kind = kind.ToString(), Summary = PlainText.Cut(summary, 1000), Actor = actor, At = at };

    private static IQueryable<DetectionRuleEntity> Filter(IQueryable<DetectionRuleEntity> q, RuleQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim().ToLowerInvariant();
            q = q.Where(r => r.Title.ToLower().Contains(text) || r.ExternalId.ToLower().Contains(text));
        }

        var ids = query.Techniques?.Select(t => t.Value).ToList();
        var tactic = string.IsNullOrWhiteSpace(query.Tactic) ? null : "|" + query.Tactic.Trim().ToLowerInvariant() + "|";
        if (tactic is not null && ids is not null)
        {
            q = q.Where(r => r.TacticsText.Contains(tactic) || r.Techniques.Any(t => ids.Contains(t.TechniqueId)));
        }
        else if (tactic is not null)
        {
            q = q.Where(r => r.TacticsText.Contains(tactic));
        }
        else if (ids is not null)
        {
            q = q.Where(r => r.Techniques.Any(t => ids.Contains(t.TechniqueId)));
        }

        if (!string.IsNullOrWhiteSpace(query.Owner))
        {
            var owner = query.Owner.Trim().ToLowerInvariant();
            q = q.Where(r => r.Owner != null && r.Owner.ToLower() == owner);
        }

        if (!string.IsNullOrWhiteSpace(query.DataSource))
        {
            var ds = query.DataSource.Trim().ToLowerInvariant();
            q = q.Where(r => r.DataSourceText.Contains(ds));
        }

        if (query.Validation is { } v)
        {
            var name = v.ToString();
            q = v == ValidationStatus.Disabled
                ? q.Where(r => !r.Enabled || r.Validation == name)
                : q.Where(r => r.Enabled && r.Validation == name);
        }

        if (query.Enabled is { } enabled)
        {
            q = q.Where(r => r.Enabled == enabled);
        }

        if (query.Source is { } source)
        {
            var name = source.ToString();
            q = q.Where(r => r.Source == name);
        }

        if (query.NotTestedSince is { } since)
        {
            q = q.Where(r => r.LastTestedAt == null || r.LastTestedAt < since);
        }

        return q;
    }

    private static IQueryable<DetectionRuleEntity> WithoutQueryText(IQueryable<DetectionRuleEntity> q) => q.Select(r => new DetectionRuleEntity
    {
        Id = r.Id, Source = r.Source, ExternalId = r.ExternalId, Title = r.Title, QueryText = "", TechniquesText = r.TechniquesText,
        TacticsText = r.TacticsText, DataRequirementsJson = r.DataRequirementsJson, DataSourceText = r.DataSourceText, Level = r.Level,
        Owner = r.Owner, Enabled = r.Enabled, Validation = r.Validation, LastTestedAt = r.LastTestedAt, Evidence = r.Evidence,
        SourceFile = r.SourceFile, ContentHash = r.ContentHash, CreatedAt = r.CreatedAt, UpdatedAt = r.UpdatedAt, Version = r.Version,
    });

    private static string Describe(DetectionRule before, DetectionRule after)
    {
        var parts = new List<string>();
        if (before.Title != after.Title) parts.Add("title");
        if (before.QueryText != after.QueryText) parts.Add("query");
        if (!before.Techniques.SequenceEqual(after.Techniques)) parts.Add($"techniques {string.Join(",", before.Techniques)} → {string.Join(",", after.Techniques)}");
        if (!before.Tactics.SequenceEqual(after.Tactics)) parts.Add("tactics");
        if (before.Level != after.Level) parts.Add($"level {before.Level} → {after.Level}");
        return "re-import changed " + (parts.Count == 0 ? "data requirements" : string.Join("; ", parts));
    }
}
