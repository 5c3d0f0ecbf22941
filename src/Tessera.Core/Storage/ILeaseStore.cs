namespace Tessera.Core.Storage;

/// <summary>
/// Named, expiring leases shared by every server instance on one database, so a background job runs on one
/// instance at a time. Each operation is a single atomic statement; the holder must renew before expiry and
/// must stop working when a renewal returns null. Times come from the store's TimeProvider.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes the lease when it is free, expired or already held by <paramref name="owner"/> (which extends it).
    /// Returns the lease, or null when another owner holds an unexpired lease.
    /// </summary>
    Task<Lease?> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken ct);

    /// <summary>Extends a lease whose row still names <paramref name="owner"/>; null when another owner took it after expiry, or it was released.</summary>
    Task<Lease?> RenewAsync(string name, string owner, TimeSpan duration, CancellationToken ct);

    /// <summary>Gives the lease up; false when <paramref name="owner"/> did not hold it.</summary>
    Task<bool> ReleaseAsync(string name, string owner, CancellationToken ct);
}
