using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Coverage;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Coverage;

public sealed class EfCoverageSnapshotStore(IDbContextFactory<TesseraDbContext> contexts) : ICoverageSnapshotStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<CoverageSnapshot> AddAsync(CoverageSnapshot snapshot, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var entity = new CoverageSnapshotEntity
        {
            TakenAt = snapshot.TakenAt,
            CollectionKey = snapshot.CollectionKey,
            Validated = snapshot.All.Validated,
            Total = snapshot.All.Total,
            CountsJson = JsonSerializer.Serialize(new[] { snapshot.All, snapshot.Priority }, Json),
            StatesJson = JsonSerializer.Serialize(snapshot.States.ToDictionary(p => p.Key, p => p.Value.Slug()), Json),
            Note = snapshot.Note.Length > 200 ? snapshot.Note[..200] : snapshot.Note,
        };
        db.Add(entity);
        await db.SaveChangesAsync(ct);
        return snapshot with { Id = entity.Id };
    }

    public async Task<IReadOnlyList<CoverageSnapshot>> ListAsync(string collectionKey, int take, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<CoverageSnapshotEntity>().AsNoTracking().Where(s => s.CollectionKey == collectionKey)
            .OrderByDescending(s => s.TakenAt).ThenByDescending(s => s.Id).Take(Math.Clamp(take, 1, 1000)).ToListAsync(ct);
        rows.Reverse();
        return rows.ConvertAll(ToSnapshot);
    }

    public async Task<CoverageSnapshot?> FindAtOrBeforeAsync(string collectionKey, DateTimeOffset at, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Set<CoverageSnapshotEntity>().AsNoTracking().Where(s => s.CollectionKey == collectionKey && s.TakenAt <= at)
            .OrderByDescending(s => s.TakenAt).ThenByDescending(s => s.Id).FirstOrDefaultAsync(ct);
        return row is null ? null : ToSnapshot(row);
    }

    private static CoverageSnapshot ToSnapshot(CoverageSnapshotEntity e)
    {
        var counts = JsonSerializer.Deserialize<CoverageCounts[]>(e.CountsJson, Json)!;
        var states = JsonSerializer.Deserialize<Dictionary<string, string>>(e.StatesJson, Json) ?? [];
        return new CoverageSnapshot
        {
            Id = e.Id,
            TakenAt = e.TakenAt,
            CollectionKey = e.CollectionKey,
            All = counts[0],
            Priority = counts[1],
            States = states.ToDictionary(p => p.Key, p => CoverageStates.TryParse(p.Value, out var s) ? s : CoverageState.Gap, StringComparer.OrdinalIgnoreCase),
            Note = e.Note,
        };
    }
}
