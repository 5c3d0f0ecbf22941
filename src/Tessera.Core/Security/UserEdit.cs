namespace Tessera.Core.Security;

/// <summary>
/// An admin's change to a user for <see cref="UserAccountService.UpdateAsync"/>; a null field stays as it is. An empty
/// (or blank) <see cref="DisplayName"/> clears the display name.
/// </summary>
public sealed record UserEdit
{
    public Role? Role { get; init; }
    public bool? Disabled { get; init; }
    public string? DisplayName { get; init; }
}
