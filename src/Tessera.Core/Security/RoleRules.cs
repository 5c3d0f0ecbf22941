namespace Tessera.Core.Security;

/// <summary>
/// The one rule for a role given to a user or an API key, at creation or in a change: it must be sent (there is no
/// default role to fall back on) and be one of <see cref="Role"/>'s names.
/// </summary>
public static class RoleRules
{
    /// <summary>What is wrong with <paramref name="role"/>; null when it may be stored.</summary>
    public static string? Check(Role? role) => role switch
    {
        null => $"role is required: one of {Names}.",
        { } r when !Enum.IsDefined(r) => $"role must be one of {Names}.",
        _ => null,
    };

    private static string Names => string.Join(", ", Enum.GetNames<Role>());
}
