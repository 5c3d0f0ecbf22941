using System.Text.RegularExpressions;
using Tessera.Core.Storage;

namespace Tessera.Core.Security;

/// <summary>
/// Creates users, checks and changes passwords, changes roles, display names and whether an account is disabled, and
/// bootstraps the first admin, on top of an <see cref="IUserStore"/>. Every password meets <see cref="PasswordRules"/>;
/// the store keeps the last enabled Admin (<see cref="AdminGuard"/>).
/// </summary>
public sealed partial class UserAccountService(IUserStore users, PasswordHasher hasher, TimeProvider time)
{
    public const string BootstrapUserName = "admin";

    /// <summary>Longest display name (the column's size).</summary>
    public const int MaxDisplayNameLength = 200;

    // A password write that loses to a concurrent edit of another field (a rehash at sign-in, a role change) reads the
    // user again and retries; a few rounds are plenty for edits a person makes.
    private const int WriteAttempts = 3;

    // Verified against when the user is unknown so a wrong name costs as long as a wrong password.
    private readonly Lazy<string> _dummyHash = new(() => hasher.Hash(PasswordGenerator.Generate()));

    // \z, not $: "$" also matches before a final newline, which let "u9\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}\z")]
    private static partial Regex UserNameShape();

    /// <summary>
    /// Validates and stores a new user. Returns <see cref="SaveStatus.Invalid"/> for a bad name or weak password
    /// and <see cref="SaveStatus.Duplicate"/> when the name is taken.
    /// </summary>
    public async Task<SaveResult<User>> CreateAsync(NewUser request, CancellationToken ct)
    {
        // The API binds a body without these fields to nulls: each is named, never a NullReferenceException.
        if (string.IsNullOrEmpty(request.UserName))
        {
            return SaveResult<User>.Invalid("userName is required.", "userName");
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            return SaveResult<User>.Invalid("password is required.", "password");
        }

        if (RoleRules.Check(request.Role) is { } badRole)
        {
            return SaveResult<User>.Invalid(badRole, "role");
        }

        if (!UserNameShape().IsMatch(request.UserName))
        {
            return SaveResult<User>.Invalid(
                "User name must be 1-64 characters: letters, digits, '.', '_', '@', '-', starting with a letter or digit.", "userName");
        }

        if (PasswordRules.Check(request.Password) is { } weak)
        {
            return SaveResult<User>.Invalid(weak, "password");
        }

        if (CheckDisplayName(request.DisplayName) is { } badName)
        {
            return SaveResult<User>.Invalid(badName, "displayName");
        }

        var user = new User
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            UserName = request.UserName,
            DisplayName = NormalizeDisplayName(request.DisplayName),
            Role = request.Role!.Value,
            PasswordHash = hasher.Hash(request.Password),
            CreatedAt = time.GetUtcNow(),
        };
        return await users.CreateAsync(user, ct);
    }

    /// <summary>
    /// Returns the user when the name exists, the account is enabled and the password matches; otherwise null.
    /// Upgrades the stored hash when it was made with weaker parameters.
    /// </summary>
    public async Task<User?> VerifyPasswordAsync(string userName, string password, CancellationToken ct) =>
        (await CheckPasswordAsync(userName, password, ct)).User;

    /// <summary>
    /// <see cref="VerifyPasswordAsync"/> with the reason for a refusal and the user it concerns (for the audit trail).
    /// An unknown name costs as long as a wrong password.
    /// </summary>
    public async Task<PasswordCheck> CheckPasswordAsync(string userName, string password, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(userName, ct);
        if (user is null)
        {
            hasher.Verify(password, _dummyHash.Value);
            return new PasswordCheck(null, null, SignInRefusal.UnknownUser);
        }

        var outcome = hasher.Verify(password, user.PasswordHash);
        if (outcome == PasswordVerification.Failed)
        {
            return new PasswordCheck(null, user, SignInRefusal.WrongPassword);
        }

        if (user.Disabled)
        {
            return new PasswordCheck(null, user, SignInRefusal.Disabled);
        }

        if (outcome == PasswordVerification.SuccessRehashNeeded)
        {
            // A concurrent edit wins; the upgrade is retried at the next sign-in.
            var upgraded = await users.UpdateAsync(user with { PasswordHash = hasher.Hash(password) }, ct);
            user = upgraded.Value ?? user;
        }

        return new PasswordCheck(user, user, null);
    }

    /// <summary>
    /// A signed-in user changes their own password: <paramref name="currentPassword"/> must match the stored one
    /// (<see cref="UserChange.WrongCurrentPassword"/> otherwise, field <c>currentPassword</c>) and
    /// <paramref name="newPassword"/> must meet <see cref="PasswordRules"/> and differ from it (field <c>newPassword</c>).
    /// A disabled or unknown user is <see cref="SaveStatus.NotFound"/>.
    /// </summary>
    public async Task<UserChange> ChangeOwnPasswordAsync(Guid userId, string? currentPassword, string? newPassword, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId, ct);
        if (user is null || user.Disabled)
        {
            return UserChange.NotFound(userId);
        }

        if (string.IsNullOrEmpty(currentPassword))
        {
            return UserChange.Invalid(user, "currentPassword", "currentPassword is required.");
        }

        if (PasswordRules.Check(newPassword, "newPassword") is { } weak)
        {
            return UserChange.Invalid(user, "newPassword", weak);
        }

        // Checked after the rules so a weak new password is named without a slow hash; before the "differs" rule so that
        // rule never confirms a guessed current password.
        if (hasher.Verify(currentPassword, user.PasswordHash) == PasswordVerification.Failed)
        {
            return UserChange.Invalid(user, "currentPassword", "currentPassword is not this account's password.") with { WrongCurrentPassword = true };
        }

        if (string.Equals(currentPassword, newPassword, StringComparison.Ordinal))
        {
            return UserChange.Invalid(user, "newPassword", "newPassword must differ from the current password.");
        }

        var verifiedHash = user.PasswordHash;
        return await WritePasswordAsync(user, newPassword!, before => before.PasswordHash == verifiedHash
            ? null
            : "The password was changed meanwhile (another session or an admin): sign in again.", ct);
    }

    /// <summary>
    /// Sets a user's password without knowing the old one (an admin's reset, or <c>tessera users set-password</c>):
    /// <paramref name="newPassword"/> must meet <see cref="PasswordRules"/> (field <c>password</c>). Existing sign-ins of
    /// the user stop working, as their cookies no longer match the password.
    /// </summary>
    public async Task<UserChange> ResetPasswordAsync(Guid userId, string? newPassword, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId, ct);
        if (user is null)
        {
            return UserChange.NotFound(userId);
        }

        return PasswordRules.Check(newPassword) is { } weak
            ? UserChange.Invalid(user, "password", weak)
            : await WritePasswordAsync(user, newPassword!, _ => null, ct);
    }

    /// <summary>
    /// Applies an admin's <paramref name="edit"/> to the user read at <paramref name="version"/>: a stale version is a
    /// <see cref="SaveStatus.Conflict"/> (with <see cref="UserChange.Before"/> the current user), an undefined role or an
    /// over-long display name <see cref="SaveStatus.Invalid"/> naming the field, and demoting or disabling the last
    /// enabled Admin is refused (<see cref="AdminGuard"/>). An edit that changes nothing saves nothing.
    /// </summary>
    public async Task<UserChange> UpdateAsync(Guid userId, UserEdit edit, long version, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId, ct);
        if (user is null)
        {
            return UserChange.NotFound(userId);
        }

        if (edit.Role is not null && RoleRules.Check(edit.Role) is { } badRole)
        {
            return UserChange.Invalid(user, "role", badRole);
        }

        if (CheckDisplayName(edit.DisplayName) is { } badName)
        {
            return UserChange.Invalid(user, "displayName", badName);
        }

        if (user.Version != version)
        {
            return new UserChange(SaveStatus.Conflict, user, null, "version",
                $"User '{user.UserName}' was changed by someone else (version {user.Version}, you sent {version}); reload and retry.");
        }

        var changed = user with
        {
            Role = edit.Role ?? user.Role,
            Disabled = edit.Disabled ?? user.Disabled,
            DisplayName = edit.DisplayName is null ? user.DisplayName : NormalizeDisplayName(edit.DisplayName),
        };
        if (changed == user)
        {
            return UserChange.Saved(user, user);
        }

        if (changed.Disabled && !user.Disabled)
        {
            // Every sign-in of the user ends here for good: enabling them later needs a fresh sign-in.
            changed = changed with { SignInStamp = User.NewSignInStamp() };
        }

        var field = changed.Role != user.Role ? "role" : "disabled";
        var saved = await users.UpdateAsync(changed, ct);
        if (saved.IsSaved)
        {
            return UserChange.Saved(user, saved.Value!);
        }

        // A conflict shows the user as it is now, so the caller can show what changed.
        var current = saved.Status == SaveStatus.Conflict ? await users.FindByIdAsync(userId, ct) ?? user : user;
        return UserChange.From(saved, current, field);
    }

    private async Task<UserChange> WritePasswordAsync(User user, string password, Func<User, string?> stillValid, CancellationToken ct)
    {
        var hash = hasher.Hash(password);
        for (var attempt = 1; ; attempt++)
        {
            var saved = await users.UpdateAsync(user with { PasswordHash = hash }, ct);
            if (saved.Status != SaveStatus.Conflict || attempt == WriteAttempts)
            {
                return saved.IsSaved ? UserChange.Saved(user, saved.Value!) : UserChange.From(saved, user, "password");
            }

            var current = await users.FindByIdAsync(user.Id, ct);
            if (current is null)
            {
                return UserChange.NotFound(user.Id);
            }

            if (stillValid(current) is { } reason)
            {
                return new UserChange(SaveStatus.Conflict, current, null, null, reason);
            }

            user = current;
        }
    }

    private static string? CheckDisplayName(string? displayName) =>
        displayName is null ? null
        : displayName.Trim().Length > MaxDisplayNameLength ? $"displayName must be at most {MaxDisplayNameLength} characters."
        : Text.PlainText.OneLineProblem("displayName", displayName);

    // Blank clears it: a name of spaces would show as nothing anyway.
    private static string? NormalizeDisplayName(string? displayName) =>
        string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();

    /// <summary>
    /// On first start (no users at all) creates <see cref="BootstrapUserName"/> as admin with a generated password
    /// and returns it once; returns null when any user exists, including when another instance won the race.
    /// </summary>
    public async Task<BootstrapAdmin?> EnsureBootstrapAdminAsync(CancellationToken ct)
    {
        if (await users.AnyAsync(ct))
        {
            return null;
        }

        var password = PasswordGenerator.Generate();
        var created = await CreateAsync(new NewUser
        {
            UserName = BootstrapUserName,
            Password = password,
            Role = Role.Admin,
            DisplayName = "Administrator",
        }, ct);
        return created.IsSaved ? new BootstrapAdmin(BootstrapUserName, password) : null;
    }
}
