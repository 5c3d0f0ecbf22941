using Microsoft.EntityFrameworkCore;
using Tessera.Core.Attack;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Detection.Validation;
using Tessera.Core.Text;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Coverage;

public sealed class EfValidationStore(IDbContextFactory<TesseraDbContext> contexts, TimeProvider time) : IValidationStore
{
    public async Task<ValidationRecording> RecordAsync(IReadOnlyList<ValidationRun> runs, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = contexts.CreateDbContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Two imports of one log at once would both find its results new and store them twice.
        await WriteLock.ValidationRuns.HoldAsync(db, ct);
        var entities = runs.Select(r => ToEntity(r, now)).ToList();
        var stored = await StoredResultsAsync(db, entities, ct);
        // A result already stored (the same log imported again) is left alone: storing it twice would count the run twice,
        // and applying it again would write the rule's history and last-tested date again for nothing.
        var fresh = new List<ValidationRun>();
        var freshEntities = new List<ValidationRunEntity>();
        for (var i = 0; i < runs.Count; i++)
        {
            if (stored.Add(ResultKey(entities[i])))
            {
                fresh.Add(runs[i]);
                freshEntities.Add(entities[i]);
            }
        }

        // Fired rules are checked for every run, stored or not: a typo is worth its warning on the second import too.
        var fired = runs.SelectMany(r => r.FiredRules).Select(f => f.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var firedIds = fired.Select(f => Guid.TryParse(f, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        runs = fresh;
        var techniques = runs.SelectMany(r => new[] { r.Technique.Value, r.Technique.Parent.Value }).Distinct().ToList();
        // One read serves both: the rules the runs may change, and (among them) those the fired rules name.
        var candidates = await db.Set<DetectionRuleEntity>()
            .Where(r => r.Techniques.Any(t => techniques.Contains(t.TechniqueId)) || fired.Contains(r.ExternalId) || firedIds.Contains(r.Id))
            .ToListAsync(ct);
        var unknown = Unknown(fired, firedIds, candidates);
        var changes = ValidationApplier.Apply(candidates.ConvertAll(RuleMapping.ToRegistered), runs);
        var byId = candidates.ToDictionary(c => c.Id);
        foreach (var change in changes)
        {
            var entity = byId[change.RuleId];
            var before = entity.Validation;
            entity.Validation = change.Status.ToString();
            entity.LastTestedAt = change.TestedAt;
            entity.Evidence = PlainText.Cut(change.Evidence, 1000);
            entity.UpdatedAt = now;
            db.Add(EfRuleRegistry.History(entity.Id, RuleChangeKind.ValidationChanged, $"{before} → {change.Status}: {change.Evidence}", null, now));
        }

        db.AddRange(freshEntities);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ValidationRecording(changes, unknown) { Unchanged = entities.Count - freshEntities.Count, StoredRunIds = freshEntities.ConvertAll(e => e.Id) };
    }

    private static ValidationRunEntity ToEntity(ValidationRun r, DateTimeOffset now) => new()
    {
        Id = r.Id,
        Source = PlainText.Cut(r.Source, 64),
        TestGuid = r.TestGuid,
        TestName = PlainText.Cut(r.TestName, 300),
        TechniqueId = r.Technique.Value,
        ExecutedAt = r.ExecutedAt,
        Host = PlainText.Cut(r.Host, 200),
        Outcome = r.Outcome.ToString(),
        FiredRulesText = PlainText.Cut("|" + string.Join('|', r.FiredRules) + "|", 4000),
        IsKnownTest = r.IsKnownTest,
        Evidence = r.Evidence is null ? null : PlainText.Cut(r.Evidence, 2000),
        RecordedAt = now,
        RecordedBy = r.RecordedBy,
    };

    // The keys of stored results the new runs may repeat: same techniques, executed within the batch's time span.
    private static async Task<HashSet<string>> StoredResultsAsync(TesseraDbContext db, List<ValidationRunEntity> entities, CancellationToken ct)
    {
        if (entities.Count == 0)
        {
            return [];
        }

        var techniques = entities.Select(e => e.TechniqueId).Distinct().ToList();
        // A second either side: PostgreSQL keeps microseconds, so a time sent with 100 ns ticks comes back rounded.
        var from = entities.Min(e => e.ExecutedAt).AddSeconds(-1);
        var to = entities.Max(e => e.ExecutedAt).AddSeconds(1);
        var rows = await db.Set<ValidationRunEntity>().AsNoTracking()
            .Where(r => techniques.Contains(r.TechniqueId) && r.ExecutedAt >= from && r.ExecutedAt <= to)
            .ToListAsync(ct);
        return rows.Select(ResultKey).ToHashSet(StringComparer.Ordinal);
    }

    // What makes a result the same one: the test, where and when it ran, and what it found (in the form stored, cuts
    // included). Not the run's id, evidence text or who recorded it: an import mints new ids and stamps them.
    private static string ResultKey(ValidationRunEntity r) => string.Join('\u001f',
        r.Source, r.TestGuid?.ToString() ?? "", r.TestName, r.TechniqueId,
        (r.ExecutedAt.UtcTicks / 10).ToString(System.Globalization.CultureInfo.InvariantCulture), r.Host, r.Outcome, r.FiredRulesText);

    // The fired rules that name no rule among those the record read: a rule is named by its external id exactly (as the
    // database compares it) or by its registry id; the answer keeps each entry's first spelling, in the order given.
    private static List<string> Unknown(List<string> fired, List<Guid> firedIds, List<DetectionRuleEntity> candidates)
    {
        var keys = fired.Where(f => f.Length > 0).ToList();
        var byExternalId = keys.ToHashSet(StringComparer.Ordinal);
        var named = candidates.Where(c => byExternalId.Contains(c.ExternalId) || firedIds.Contains(c.Id));
        var known = named.SelectMany(r => new[] { r.Id.ToString(), r.ExternalId }).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return keys.Where(k => !known.Contains(k) && !(Guid.TryParse(k, out var g) && known.Contains(g.ToString()))).ToList();
    }

    public async Task<IReadOnlyList<ValidationRun>> ListAsync(TechniqueId? technique, string? firedRule, int take, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var q = db.Set<ValidationRunEntity>().AsNoTracking();
        if (technique is { } t)
        {
            var id = t.Value;
            q = q.Where(r => r.TechniqueId == id);
        }

        if (!string.IsNullOrWhiteSpace(firedRule))
        {
            var key = "|" + firedRule.Trim() + "|";
            q = q.Where(r => r.FiredRulesText.Contains(key));
        }

        var rows = await q.OrderByDescending(r => r.ExecutedAt).Take(Math.Clamp(take, 1, 1000)).ToListAsync(ct);
        return rows.ConvertAll(ToRun);
    }

    public async Task<IReadOnlyList<ValidationRun>> ListForCoverageAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<ValidationRunEntity>().AsNoTracking().Select(r => new ValidationRunEntity
        {
            Id = r.Id, Source = r.Source, TestGuid = r.TestGuid, TestName = r.TestName, TechniqueId = r.TechniqueId, ExecutedAt = r.ExecutedAt,
            Host = r.Host, Outcome = r.Outcome, FiredRulesText = r.FiredRulesText, IsKnownTest = r.IsKnownTest, RecordedAt = r.RecordedAt,
        }).ToListAsync(ct);
        return rows.ConvertAll(ToRun);
    }

    private static ValidationRun ToRun(ValidationRunEntity r) => new()
    {
        Id = r.Id,
        Source = r.Source,
        TestGuid = r.TestGuid,
        TestName = r.TestName,
        Technique = TechniqueId.Parse(r.TechniqueId),
        ExecutedAt = r.ExecutedAt,
        Host = r.Host,
        Outcome = Enum.Parse<ValidationOutcome>(r.Outcome),
        FiredRules = r.FiredRulesText.Split('|', StringSplitOptions.RemoveEmptyEntries),
        IsKnownTest = r.IsKnownTest,
        Evidence = r.Evidence,
        RecordedAt = r.RecordedAt,
        RecordedBy = r.RecordedBy,
    };
}
