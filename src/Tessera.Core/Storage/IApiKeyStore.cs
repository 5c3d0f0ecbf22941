using Tessera.Core.Security;

namespace Tessera.Core.Storage;

/// <summary>Persistence of <see cref="ApiKey"/>s (hashes only, never tokens).</summary>
public interface IApiKeyStore
{
    /// <summary>Inserts a key; <see cref="SaveStatus.Duplicate"/> when the key id exists.</summary>
    Task<SaveResult<ApiKey>> CreateAsync(ApiKey key, CancellationToken ct);

    /// <summary>The key with this id (revoked ones included), or null.</summary>
    Task<ApiKey?> FindAsync(string keyId, CancellationToken ct);

    /// <summary>All keys, newest first.</summary>
    Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken ct);

    /// <summary>Marks the key revoked at <paramref name="at"/>; false when it is unknown or already revoked.</summary>
    Task<bool> RevokeAsync(string keyId, DateTimeOffset at, CancellationToken ct);

    /// <summary>Sets the last-used time; no-op for unknown keys.</summary>
    Task RecordUseAsync(string keyId, DateTimeOffset at, CancellationToken ct);
}
