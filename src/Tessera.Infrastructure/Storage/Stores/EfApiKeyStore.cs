using Microsoft.EntityFrameworkCore;
using Tessera.Core.Security;
using Tessera.Core.Storage;
using Tessera.Infrastructure.Storage.Entities;

namespace Tessera.Infrastructure.Storage.Stores;

public sealed class EfApiKeyStore(IDbContextFactory<TesseraDbContext> contexts) : IApiKeyStore
{
    public async Task<SaveResult<ApiKey>> CreateAsync(ApiKey key, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        db.ApiKeys.Add(new ApiKeyEntity
        {
            KeyId = key.KeyId,
            Name = key.Name,
            Role = key.Role.ToString(),
            SecretHash = key.SecretHash,
            CreatedBy = key.CreatedBy,
            CreatedAt = key.CreatedAt,
            LastUsedAt = key.LastUsedAt,
            RevokedAt = key.RevokedAt,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return SaveResult<ApiKey>.Saved(key);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return SaveResult<ApiKey>.Duplicate($"API key id '{key.KeyId}' exists.");
        }
    }

    public async Task<ApiKey?> FindAsync(string keyId, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var entity = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyId == keyId, ct);
        return entity is null ? null : ToApiKey(entity);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var entities = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ThenBy(k => k.KeyId).ToListAsync(ct);
        return entities.ConvertAll(ToApiKey);
    }

    public async Task<bool> RevokeAsync(string keyId, DateTimeOffset at, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var changed = await db.ApiKeys.Where(k => k.KeyId == keyId && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, at), ct);
        return changed == 1;
    }

    public async Task RecordUseAsync(string keyId, DateTimeOffset at, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        await db.ApiKeys.Where(k => k.KeyId == keyId)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, at), ct);
    }

    private static ApiKey ToApiKey(ApiKeyEntity e) => new()
    {
        KeyId = e.KeyId,
        Name = e.Name,
        Role = Enum.Parse<Role>(e.Role),
        SecretHash = e.SecretHash,
        CreatedBy = e.CreatedBy,
        CreatedAt = e.CreatedAt,
        LastUsedAt = e.LastUsedAt,
        RevokedAt = e.RevokedAt,
    };
}
