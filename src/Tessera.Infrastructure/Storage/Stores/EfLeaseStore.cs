using Microsoft.EntityFrameworkCore;
using Tessera.Core.Storage;
using Tessera.Infrastructure.Storage.Entities;

namespace Tessera.Infrastructure.Storage.Stores;

/// <summary>
/// Leases as rows changed only by single conditional statements: an UPDATE whose WHERE admits the current owner
/// or an expired lease, else an INSERT that the primary key lets only one instance win. No read-then-write gap,
/// so it is atomic on SQLite (writes serialise) and on PostgreSQL (a concurrent UPDATE re-checks its WHERE).
/// Expiry uses each instance's TimeProvider rather than the database clock so tests can drive it; instances must
/// keep their clocks in sync (NTP), and lease durations should dwarf any skew.
/// </summary>
public sealed class EfLeaseStore(IDbContextFactory<TesseraDbContext> contexts, TimeProvider time) : ILeaseStore
{
    public async Task<Lease?> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var now = time.GetUtcNow();
        var expires = now + duration;
        await using var db = contexts.CreateDbContext();
        var taken = await db.Leases.Where(l => l.Name == name && (l.Owner == owner || l.ExpiresAt <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, owner).SetProperty(l => l.ExpiresAt, expires), ct);
        if (taken == 1)
        {
            return new Lease(name, owner, expires);
        }

        db.Leases.Add(new LeaseEntity { Name = name, Owner = owner, ExpiresAt = expires });
        try
        {
            await db.SaveChangesAsync(ct);
            return new Lease(name, owner, expires);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return null;
        }
    }

    public async Task<Lease?> RenewAsync(string name, string owner, TimeSpan duration, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var expires = time.GetUtcNow() + duration;
        await using var db = contexts.CreateDbContext();
        var renewed = await db.Leases.Where(l => l.Name == name && l.Owner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, expires), ct);
        return renewed == 1 ? new Lease(name, owner, expires) : null;
    }

    public async Task<bool> ReleaseAsync(string name, string owner, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Leases.Where(l => l.Name == name && l.Owner == owner).ExecuteDeleteAsync(ct) == 1;
    }
}
