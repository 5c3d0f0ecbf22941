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
        await using var db = contexts.CreateDbContext();
        var updated = await db.Settings.Where(s => s.Key == key)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, value).SetProperty(x => x.UpdatedAt, now), ct);
        if (updated == 1)
        {
            return;
        }

        db.Settings.Add(new SettingEntity { Key = key, Value = value, UpdatedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Another instance inserted the key between our update and insert: last writer wins, as for updates.
            await db.Settings.Where(s => s.Key == key)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, value).SetProperty(x => x.UpdatedAt, now), ct);
        }
    }

    public async Task<bool> ReplaceAsync(string key, string? expected, string value, CancellationToken ct)
    {
        CheckSizes(key, value);
        var now = time.GetUtcNow();
        await using var db = contexts.CreateDbContext();
        if (expected is not null)
        {
            return await db.Settings.Where(s => s.Key == key && s.Value == expected)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, value).SetProperty(x => x.UpdatedAt, now), ct) == 1;
        }

        db.Settings.Add(new SettingEntity { Key = key, Value = value, UpdatedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return false; // another writer set it first
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
