using Microsoft.EntityFrameworkCore;
using Tessera.Core.Attack;
using Tessera.Core.Detection.Atomic;
using Tessera.Core.Detection.Validation;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Coverage;

/// <summary>Keeps the catalogue's identity fields (GUID, technique, number, name, platforms, executor); commands stay in the Atomic files.</summary>
public sealed class EfAtomicTestStore(IDbContextFactory<TesseraDbContext> contexts) : IAtomicTestStore
{
    public async Task<int> ReplaceAsync(AtomicCatalog catalog, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<AtomicTestEntity>().ExecuteDeleteAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.AddRange(catalog.Techniques.SelectMany(t => t.Tests).Select(t => new AtomicTestEntity
        {
            Guid = t.Guid,
            TechniqueId = t.Technique.Value,
            Number = t.Number,
            Name = t.Name.Length > 500 ? t.Name[..500] : t.Name,
            Platforms = string.Join('|', t.SupportedPlatforms),
            Executor = t.Executor.Name,
            ElevationRequired = t.Executor.ElevationRequired,
        }));
        var count = await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return count;
    }

    public async Task<IReadOnlyList<AtomicTest>> ForTechniqueAsync(TechniqueId technique, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var id = technique.Value;
        var rows = await db.Set<AtomicTestEntity>().AsNoTracking().Where(t => t.TechniqueId == id).OrderBy(t => t.Number).ToListAsync(ct);
        return rows.ConvertAll(ToTest);
    }

    public async Task<AtomicCatalog> LoadAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<AtomicTestEntity>().AsNoTracking().ToListAsync(ct);
        return new AtomicCatalog(rows.GroupBy(r => r.TechniqueId).Select(g => new AtomicTechnique
        {
            Technique = TechniqueId.Parse(g.Key),
            DisplayName = g.Key,
            Tests = g.OrderBy(t => t.Number).Select(ToTest).ToList(),
            File = "(stored catalogue)",
        }).ToList());
    }

    public async Task<IReadOnlyDictionary<string, int>> CountByTechniqueAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Set<AtomicTestEntity>().AsNoTracking().GroupBy(t => t.TechniqueId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }

    private static AtomicTest ToTest(AtomicTestEntity t) => new()
    {
        Guid = t.Guid,
        Technique = TechniqueId.Parse(t.TechniqueId),
        Number = t.Number,
        Name = t.Name,
        SupportedPlatforms = t.Platforms.Split('|', StringSplitOptions.RemoveEmptyEntries),
        Executor = new AtomicExecutor { Name = t.Executor, ElevationRequired = t.ElevationRequired },
    };
}
