using Tessera.Core.Storage;

namespace Tessera.Core.Security;

/// <summary>Issues, authenticates and revokes API keys on top of an <see cref="IApiKeyStore"/>.</summary>
public sealed class ApiKeyService(IApiKeyStore keys, TimeProvider time)
{
    /// <summary>Last-used is written at most this often per key so a busy integration does not write on every call.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public const int MaxNameLength = 100;

    /// <summary>Creates a key; <see cref="SaveStatus.Invalid"/> for a blank, over-long or control-character name, or a missing role.</summary>
    public async Task<SaveResult<CreatedApiKey>> CreateAsync(string name, Role? role, string? createdBy, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            return SaveResult<CreatedApiKey>.Invalid($"API key name must be 1-{MaxNameLength} characters.", "name");
        }

        if (Text.PlainText.OneLineProblem("API key name", name.Trim()) is { } control)
        {
            return SaveResult<CreatedApiKey>.Invalid(control, "name");
        }

        if (RoleRules.Check(role) is { } badRole)
        {
            return SaveResult<CreatedApiKey>.Invalid(badRole, "role");
        }

        var (keyId, secret, token) = ApiKeyToken.Generate();
        var key = new ApiKey
        {
            KeyId = keyId,
            Name = name.Trim(),
            Role = role!.Value,
            SecretHash = ApiKeyToken.HashSecret(secret),
            CreatedBy = createdBy,
            CreatedAt = time.GetUtcNow(),
        };
        var saved = await keys.CreateAsync(key, ct);
        return saved.IsSaved
            ? SaveResult<CreatedApiKey>.Saved(new CreatedApiKey(saved.Value!, token))
            : new SaveResult<CreatedApiKey>(saved.Status, null, saved.Message);
    }

    /// <summary>
    /// Returns the key a presented token belongs to, or null when the token is malformed, unknown, revoked or its
    /// secret does not match. Records the use time.
    /// </summary>
    public async Task<ApiKey?> AuthenticateAsync(string? token, CancellationToken ct)
    {
        if (!ApiKeyToken.TryParse(token, out var keyId, out var secret))
        {
            return null;
        }

        var key = await keys.FindAsync(keyId, ct);
        if (key is null || key.IsRevoked || !ApiKeyToken.Matches(secret, key.SecretHash))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (key.LastUsedAt is null || now - key.LastUsedAt.Value >= LastUsedResolution)
        {
            await keys.RecordUseAsync(keyId, now, ct);
            key = key with { LastUsedAt = now };
        }

        return key;
    }

    /// <summary>Revokes a key; false when unknown or already revoked.</summary>
    public Task<bool> RevokeAsync(string keyId, CancellationToken ct) => keys.RevokeAsync(keyId, time.GetUtcNow(), ct);
}
