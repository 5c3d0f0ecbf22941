using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tessera.Core.Security;
using Tessera.Core.Storage;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Users;

/// <summary>What an API answer or audit snapshot shows of a user: never the password hash.</summary>
public sealed record UserView(Guid Id, string UserName, string? DisplayName, Role Role, bool Disabled, DateTimeOffset CreatedAt, long Version)
{
    public static UserView Of(User u) => new(u.Id, u.UserName, u.DisplayName, u.Role, u.Disabled, u.CreatedAt, u.Version);
}

/// <summary>
/// User writes shared by the REST API, the Users and Change password pages and the command line, so each is validated,
/// permission-checked and audited alike. The permission is judged on the caller's stored user when the write happens
/// (<see cref="SignedInUsers.MayAsync"/>): a page opened before its user was demoted cannot write with the old role.
/// Audit snapshots are <see cref="UserView"/>s: no password, hash or stamp ever reaches the audit trail.
/// </summary>
public sealed class UserWrites(UserAccountService accounts, SignedInUsers signedIn, SignInThrottle throttle, AuditWriter audit)
{
    private const string NotAllowed = "Your role does not allow managing users (ManageUsers).";

    public async Task<SaveResult<User>> CreateAsync(ClaimsPrincipal who, NewUser request, CancellationToken ct)
    {
        if (!await signedIn.MayAsync(who, Permission.ManageUsers, ct))
        {
            return SaveResult<User>.Invalid(NotAllowed);
        }

        var result = await accounts.CreateAsync(request, ct);
        if (result.IsSaved)
        {
            await audit.WriteAsync(who, "user.create", "user", result.Value!.Id.ToString(), null, UserView.Of(result.Value), ct);
        }

        return result;
    }

    /// <summary>An admin changes a user's role, disabled flag or display name (audited as <c>user.update</c> when anything changed).</summary>
    public async Task<UserChange> UpdateAsync(ClaimsPrincipal who, Guid id, UserEdit edit, long version, CancellationToken ct)
    {
        if (!await signedIn.MayAsync(who, Permission.ManageUsers, ct))
        {
            return UserChange.Denied(NotAllowed);
        }

        var change = await accounts.UpdateAsync(id, edit, version, ct);
        if (change.IsSaved && change.After!.Version != change.Before!.Version)
        {
            await audit.WriteAsync(who, "user.update", "user", id.ToString(), UserView.Of(change.Before), UserView.Of(change.After), ct);
        }

        return change;
    }

    /// <summary>An admin sets another user's (or their own) password (audited as <c>user.password.reset</c>).</summary>
    public async Task<UserChange> ResetPasswordAsync(ClaimsPrincipal who, Guid id, string? password, CancellationToken ct)
    {
        if (!await signedIn.MayAsync(who, Permission.ManageUsers, ct))
        {
            return UserChange.Denied(NotAllowed);
        }

        var change = await accounts.ResetPasswordAsync(id, password, ct);
        await AuditPasswordAsync(who, "user.password.reset", change, ct);
        return change;
    }

    /// <summary>
    /// A signed-in user changes their own password (audited as <c>user.password.change</c>). A wrong current password
    /// changes nothing and is audited as <c>user.password.change-failed</c>: someone holding another's open session
    /// could try passwords here, and the trail should show it. Wrong current passwords count toward the user name's sign-in
    /// pause (<see cref="SignInThrottle"/>), and while it lasts the current password is not checked
    /// (<see cref="UserChange.IsPaused"/>), so an open session is no faster a way to guess than the sign-in form.
    /// An API key has no password and is refused.
    /// </summary>
    public async Task<UserChange> ChangeOwnPasswordAsync(ClaimsPrincipal who, string? currentPassword, string? newPassword, CancellationToken ct)
    {
        if (await signedIn.FindValidAsync(who, ct) is not { } user)
        {
            return UserChange.Denied("API keys have no password: only a signed-in user changes their own password.");
        }

        if (throttle.PausedUntil(user.UserName, null) is { } until)
        {
            return UserChange.Paused(user, until);
        }

        var change = await accounts.ChangeOwnPasswordAsync(user.Id, currentPassword, newPassword, ct);
        if (change.WrongCurrentPassword)
        {
            var pause = throttle.RecordFailure(user.UserName, null);
            await audit.WriteAsync(who, "user.password.change-failed", "user", user.Id.ToString(), null,
                new { reason = "the current password given was wrong", pausedUntil = pause }, ct);
        }
        else if (change.IsSaved)
        {
            throttle.RecordSuccess(user.UserName);
        }

        await AuditPasswordAsync(who, "user.password.change", change, ct);
        return change;
    }

    private Task AuditPasswordAsync(ClaimsPrincipal who, string action, UserChange change, CancellationToken ct) =>
        change.IsSaved
            ? audit.WriteAsync(who, action, "user", change.After!.Id.ToString(), UserView.Of(change.Before!), UserView.Of(change.After), ct)
            : Task.CompletedTask;

    /// <summary>The RFC 9457 answer for a change that was not saved, naming the field at fault.</summary>
    public static ProblemHttpResult Problem(UserChange change) => change switch
    {
        { IsDenied: true } => Problems.Status(403, "Forbidden", change.Message!),
        { IsPaused: true } => Problems.Status(429, "Too many wrong passwords", change.Message!),
        { Status: SaveStatus.Invalid, Field: { } field } => Problems.Invalid(change.Message!, new Dictionary<string, string[]> { [field] = [change.Message!] }),
        { Status: SaveStatus.Conflict } => Problems.Conflict(change.Message!, change.Before is null ? null : UserView.Of(change.Before)),
        _ => Problems.From(new SaveResult<User>(change.Status, null, change.Message)),
    };
}
