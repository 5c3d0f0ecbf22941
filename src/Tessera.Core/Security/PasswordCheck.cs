namespace Tessera.Core.Security;

/// <summary>
/// How a password check ended: <see cref="User"/> when it passed; otherwise why not, and <see cref="Known"/>, the stored
/// user the name belongs to (null for an unknown name), for the audit trail. The sign-in answer never tells them apart.
/// </summary>
public sealed record PasswordCheck(User? User, User? Known, SignInRefusal? Refusal);

/// <summary>Why a sign-in was refused (for the audit trail; the person signing in sees one message for all).</summary>
public enum SignInRefusal
{
    UnknownUser,
    WrongPassword,
    /// <summary>The password was right, but the account is disabled.</summary>
    Disabled,
    /// <summary>Too many failures for the name or from the address (<see cref="SignInThrottle"/>); the password was not checked.</summary>
    Paused,
}
