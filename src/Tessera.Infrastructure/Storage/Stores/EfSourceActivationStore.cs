using Microsoft.EntityFrameworkCore;
using Tessera.Core.Attack;
using Tessera.Core.Storage;
using Tessera.Infrastructure.Storage.Entities;

namespace Tessera.Infrastructure.Storage.Stores;

public sealed class EfSourceActivationStore(IDbContextFactory<TesseraDbContext> contexts, TimeProvider time) : ISourceActivationStore
{
    public async Task<AttackSource> ActivateAsync(CollectionInfo collection, string changedBy, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var key = collection.Key;
        var entity = await db.AttackSources.FirstOrDefaultAsync(s => s.Key == key, ct);
        if (entity is null)
        {
            entity = new AttackSourceEntity
            {
                Key = key,
                Domain = collection.Domain.ToStixName(),
                Version = collection.Version,
                Name = collection.Name,
                ChangedBy = changedBy,
            };
            db.AttackSources.Add(entity);
        }

        entity.Name = collection.Name;
        entity.IsActive = true;
        entity.ChangedBy = changedBy;
        entity.ChangedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return ToSource(entity);
    }

    public async Task<bool> DeactivateAsync(string key, string changedBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = contexts.CreateDbContext();
        var changed = await db.AttackSources.Where(s => s.Key == key).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.IsActive, false)
            .SetProperty(x => x.ChangedBy, changedBy)
            .SetProperty(x => x.ChangedAt, now), ct);
        return changed == 1;
    }

    public async Task<AttackSource?> FindAsync(string key, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var entity = await db.AttackSources.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, ct);
        return entity is null ? null : ToSource(entity);
    }

    public async Task<IReadOnlyList<AttackSource>> ListAsync(bool activeOnly, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = db.AttackSources.AsNoTracking();
        if (activeOnly)
        {
            rows = rows.Where(s => s.IsActive);
        }

        var entities = await rows.OrderBy(s => s.Key).ToListAsync(ct);
        return entities.ConvertAll(ToSource);
    }

    private static AttackSource ToSource(AttackSourceEntity e) => new()
    {
        Key = e.Key,
        Domain = AttackDomains.TryParse(e.Domain, out var domain)
            ? domain
            : throw new InvalidDataException($"attack_sources row '{e.Key}' has unknown domain '{e.Domain}'."),
        Version = e.Version,
        Name = e.Name,
        IsActive = e.IsActive,
        ChangedBy = e.ChangedBy,
        ChangedAt = e.ChangedAt,
    };
}
