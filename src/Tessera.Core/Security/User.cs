namespace Tessera.Core.Security;

/// <summary>
/// A person who signs in with a password. <see cref="UserName"/> is unique ignoring case.
/// <see cref="Version"/> is the optimistic concurrency token: pass back the version you read when updating,
/// and the store answers <see cref="Storage.SaveStatus.Conflict"/> when someone else changed the user in between.
/// </summary>
public sealed record User
{
    public required Guid Id { get; init; }
    public required string UserName { get; init; }
    public string? DisplayName { get; init; }
    public required Role Role { get; init; }
    /// <summary>A <see cref="PasswordHasher"/> string; never a plain password.</summary>
    public required string PasswordHash { get; init; }
    public bool Disabled { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public long Version { get; init; }
}
