using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Storage;
using Tessera.Infrastructure.Storage.Entities;

namespace Tessera.Infrastructure.Storage.Stores;

public sealed class EfSettingsStore(IDbContextFactory<TesseraDbContext> contexts, TimeProvider time) : ISettingsStore
{
    public async Task<string?> GetAsync(string key, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Settings.Where(s => s.Key == key).Select(s => s.Value).FirstOrDefaultAsync(ct);
    }

    public async Task SetAsync(string key, string value, CancellationToken ct)
    {
        CheckSizes(key, value);
        var now = time.GetUtcNow();
        // Another instance may insert the key between our update and insert: then overwrite it, last writer wins.
        if (await OverwriteAsync(s => s.Key == key, value, now, ct) == 0 && !await TryInsertAsync(key, value, now, ct))
        {
            await OverwriteAsync(s => s.Key == key, value, now, ct);
        }
    }

    public async Task<bool> ReplaceAsync(string key, string? expected, string value, CancellationToken ct)
    {
        CheckSizes(key, value);
        var now = time.GetUtcNow();
        return expected is null
            ? await TryInsertAsync(key, value, now, ct)
            : await OverwriteAsync(s => s.Key == key && s.Value == expected, value, now, ct) == 1;
    }

    private async Task<int> OverwriteAsync(Expression<Func<SettingEntity, bool>> which, string value, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Settings.Where(which).ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, value).SetProperty(x => x.UpdatedAt, now), ct);
    }

    // False when the key is already set (by another writer since it was read).
    private async Task<bool> TryInsertAsync(string key, string value, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        db.Settings.Add(new SettingEntity { Key = key, Value = value, UpdatedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return false;
        }
    }

    private static void CheckSizes(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.Length > ISettingsStore.MaxKeyLength || value.Length > ISettingsStore.MaxValueLength)
        {
            throw new ArgumentException(
                $"Setting keys are capped at {ISettingsStore.MaxKeyLength} and values at {ISettingsStore.MaxValueLength} characters.");
        }
    }

    public async Task<bool> RemoveAsync(string key, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Settings.Where(s => s.Key == key).ExecuteDeleteAsync(ct) == 1;
    }

    public async Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Settings.AsNoTracking().OrderBy(s => s.Key).ToListAsync(ct);
        return rows.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
    }
}
