using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Text;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Coverage;

public sealed class EfCoverageRegressionStore(IDbContextFactory<TesseraDbContext> contexts) : ICoverageRegressionStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<IReadOnlyList<CoverageRegression>> AddAsync(IReadOnlyList<CoverageRegression> regressions, DateTimeOffset since, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await WriteLock.CoverageRegressions.HoldAsync(db, ct);

        // Under the lock, an overlapping change's regressions are either committed (and read here) or not yet checked.
        var techniques = regressions.Select(r => r.Technique.Value).Distinct(StringComparer.Ordinal).ToList();
        var reported = (await db.Set<CoverageRegressionEntity>().AsNoTracking()
                .Where(r => r.DetectedAt >= since && techniques.Contains(r.TechniqueId))
                .Select(r => new { r.CollectionKey, r.TechniqueId, r.Before, r.After })
                .ToListAsync(ct))
            .Select(r => (r.CollectionKey, r.TechniqueId, r.Before, r.After)).ToHashSet();
        var fresh = regressions.Where(r => !reported.Contains((r.CollectionKey, r.Technique.Value, r.Before.ToString(), r.After.ToString()))).ToList();
        var rows = fresh.Select(r => new CoverageRegressionEntity
        {
            ChangeId = r.ChangeId, DetectedAt = r.DetectedAt, Trigger = PlainText.Cut(r.Trigger, 100), Actor = r.Actor is null ? null : PlainText.Cut(r.Actor, 200),
            CollectionKey = r.CollectionKey, TechniqueId = r.Technique.Value, TechniqueName = PlainText.Cut(r.TechniqueName, 300), IsPriority = r.IsPriority,
            Before = r.Before.ToString(), After = r.After.ToString(), Cause = r.Cause.ToString(),
            RulesJson = JsonSerializer.Serialize(r.Rules, Json), DataSourcesJson = JsonSerializer.Serialize(r.DataSources, Json),
        }).ToList();
        db.AddRange(rows);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return fresh.Select((r, i) => r with { Id = rows[i].Id }).ToList();
    }

    public async Task<RegressionPage> ListAsync(DateTimeOffset? since, int skip, int take, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var query = db.Set<CoverageRegressionEntity>().AsNoTracking();
        if (since is { } s)
        {
            query = query.Where(r => r.DetectedAt >= s);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.DetectedAt).ThenByDescending(r => r.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, RegressionPage.MaxTake)).ToListAsync(ct);
        return new RegressionPage(rows.ConvertAll(ToRegression), total);
    }

    private static CoverageRegression ToRegression(CoverageRegressionEntity e) => new()
    {
        Id = e.Id, ChangeId = e.ChangeId, DetectedAt = e.DetectedAt, Trigger = e.Trigger, Actor = e.Actor, CollectionKey = e.CollectionKey,
        Technique = TechniqueId.Parse(e.TechniqueId), TechniqueName = e.TechniqueName, IsPriority = e.IsPriority,
        Before = Enum.Parse<CoverageState>(e.Before), After = Enum.Parse<CoverageState>(e.After), Cause = Enum.Parse<RegressionCause>(e.Cause),
        Rules = JsonSerializer.Deserialize<List<RegressedRule>>(e.RulesJson, Json) ?? [],
        DataSources = JsonSerializer.Deserialize<List<string>>(e.DataSourcesJson, Json) ?? [],
    };
}

internal sealed class CoverageRegressionConfiguration : IEntityTypeConfiguration<CoverageRegressionEntity>
{
    public void Configure(EntityTypeBuilder<CoverageRegressionEntity> e)
    {
        e.ToTable("coverage_regressions");
        e.HasKey(x => x.Id);
        e.Property(x => x.Trigger).HasMaxLength(100);
        e.Property(x => x.Actor).HasMaxLength(200);
        e.Property(x => x.CollectionKey).HasMaxLength(100);
        e.Property(x => x.TechniqueId).HasMaxLength(16);
        e.Property(x => x.TechniqueName).HasMaxLength(300);
        e.Property(x => x.Before).HasMaxLength(16);
        e.Property(x => x.After).HasMaxLength(16);
        e.Property(x => x.Cause).HasMaxLength(32);
        e.HasIndex(x => x.DetectedAt);
        e.HasIndex(x => x.ChangeId);
    }
}
