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

    /// <summary>
    /// Part of every sign-in cookie's stamp with <see cref="PasswordHash"/>: a new value ends every earlier sign-in.
    /// Disabling a user draws a new one, so enabling them again does not bring back the cookies they had (a stolen
    /// laptop's included). Empty for users stored before it existed, whose cookies it leaves valid.
    /// </summary>
    public string SignInStamp { get; init; } = "";
    public required DateTimeOffset CreatedAt { get; init; }
    public long Version { get; init; }

    /// <summary>A fresh <see cref="SignInStamp"/>: 128 random bits.</summary>
    public static string NewSignInStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
