namespace Tessera.Core.Security;

/// <summary>Input for <see cref="UserAccountService.CreateAsync"/>.</summary>
public sealed record NewUser
{
    public required string UserName { get; init; }
    public required string Password { get; init; }
    /// <summary>Required: null (a body without <c>role</c>) is refused, never a default role.</summary>
    public required Role? Role { get; init; }
    public string? DisplayName { get; init; }
}
