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
        var techniques = runs.SelectMany(r => new[] { r.Technique.Value, r.Technique.Parent.Value }).Distinct().ToList();
        var fired = runs.SelectMany(r => r.FiredRules).Select(f => f.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var firedIds = fired.Select(f => Guid.TryParse(f, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
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

        db.AddRange(runs.Select(r => new ValidationRunEntity
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
        }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ValidationRecording(changes, unknown);
    }

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
