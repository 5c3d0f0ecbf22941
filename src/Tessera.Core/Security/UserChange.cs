using Tessera.Core.Storage;

namespace Tessera.Core.Security;

/// <summary>
/// How a change to a user ended: <see cref="After"/> (with its new version) when saved, else why not, naming the input
/// <see cref="Field"/> at fault for <see cref="SaveStatus.Invalid"/>. <see cref="Before"/> is the user as read (null when
/// unknown), for audit snapshots and for showing the current state after a <see cref="SaveStatus.Conflict"/>.
/// </summary>
public sealed record UserChange(SaveStatus Status, User? Before, User? After, string? Field = null, string? Message = null)
{
    public bool IsSaved => Status == SaveStatus.Saved;

    /// <summary>True when a user's own password change was refused because the current password they typed is wrong.</summary>
    public bool WrongCurrentPassword { get; init; }

    /// <summary>True when the caller's role does not allow the change (judged by the host when the write happens); nothing was read or written.</summary>
    public bool IsDenied { get; init; }

    /// <summary>
    /// True when the user's password checks are paused after too many wrong passwords (<see cref="SignInThrottle"/>):
    /// the current password was not checked and nothing changed.
    /// </summary>
    public bool IsPaused { get; init; }

    public static UserChange Paused(User user, DateTimeOffset until) =>
        new(SaveStatus.Invalid, user, null, "currentPassword",
            $"Too many wrong passwords for this user: password checks are paused until {until.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.") { IsPaused = true };

    public static UserChange Denied(string message) => new(SaveStatus.Invalid, null, null, null, message) { IsDenied = true };

    public static UserChange Saved(User before, User after) => new(SaveStatus.Saved, before, after);

    public static UserChange Invalid(User? before, string field, string message) => new(SaveStatus.Invalid, before, null, field, message);

    public static UserChange NotFound(Guid id) => new(SaveStatus.NotFound, null, null, "id", $"No user {id}.");

    /// <summary>A store outcome that is not saved, with the field it concerns when it is a refusal.</summary>
    public static UserChange From(SaveResult<User> result, User before, string? field = null) =>
        new(result.Status, before, result.Value, result.Status == SaveStatus.Invalid ? field : null, result.Message);
}
