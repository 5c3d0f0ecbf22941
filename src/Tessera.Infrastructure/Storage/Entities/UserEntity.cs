namespace Tessera.Infrastructure.Storage.Entities;

public sealed class UserEntity : IVersionedEntity
{
    public Guid Id { get; set; }
    public required string UserName { get; set; }
    /// <summary>Upper-invariant copy of <see cref="UserName"/> carrying the unique index, so names are unique ignoring case on both providers.</summary>
    public required string NormalizedUserName { get; set; }
    public string? DisplayName { get; set; }
    public required string Role { get; set; }
    public required string PasswordHash { get; set; }
    public bool Disabled { get; set; }
    /// <summary><see cref="Core.Security.User.SignInStamp"/>; empty for users stored before it existed.</summary>
    public string SignInStamp { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public long Version { get; set; }
}
