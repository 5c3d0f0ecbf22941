namespace Tessera.Core.Security;

/// <summary>
/// Keeps an instance administrable: once an enabled <see cref="Role.Admin"/> exists, no change may take the last one
/// away (demote or disable it), or nobody could manage users again without the command line. The user store checks
/// this inside the write's own transaction, so two admins demoting each other at the same moment cannot both succeed.
/// </summary>
public static class AdminGuard
{
    /// <summary>True for a user who can manage users: an Admin who is not disabled.</summary>
    public static bool Administers(User user) => user.Role == Role.Admin && !user.Disabled;

    /// <summary>True when the change from <paramref name="before"/> to <paramref name="after"/> demotes or disables an enabled Admin.</summary>
    public static bool TakesAway(User before, User after) => Administers(before) && !Administers(after);

    /// <summary>The refusal when <paramref name="user"/> is the last enabled Admin.</summary>
    public static string Refusal(User user) =>
        $"'{user.UserName}' is the last enabled Admin: make another user an Admin first, so someone can still manage users.";
}
