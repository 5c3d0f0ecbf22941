namespace Tessera.Core.Security;

/// <summary>
/// A stored API key. Only the SHA-256 hash of the secret is kept; the full token
/// (<c>tsk_&lt;keyid&gt;_&lt;secret&gt;</c>) is shown once by <see cref="ApiKeyService.CreateAsync"/>.
/// </summary>
public sealed record ApiKey
{
    /// <summary>Public, unique part of the token used to look the key up (16 lowercase hex characters).</summary>
    public required string KeyId { get; init; }
    public required string Name { get; init; }
    public required Role Role { get; init; }
    /// <summary>Base64 SHA-256 of the secret part of the token.</summary>
    public required string SecretHash { get; init; }
    public string? CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsRevoked => RevokedAt is not null;
}
