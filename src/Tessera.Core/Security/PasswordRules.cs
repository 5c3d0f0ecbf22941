namespace Tessera.Core.Security;

/// <summary>
/// The one rule every password Tessera stores must meet, whether it is set at creation, changed by its user, reset by an
/// admin or set from the command line.
/// </summary>
public static class PasswordRules
{
    /// <summary>NIST SP 800-63B asks for at least 8; we ask for 12 because these accounts can change detections.</summary>
    public const int MinLength = 12;

    /// <summary>Longer passwords add nothing (HMAC pre-hashes them) and only cost memory.</summary>
    public const int MaxLength = PasswordHasher.MaxPasswordLength;

    /// <summary>What is wrong with <paramref name="password"/>, naming <paramref name="field"/>; null when it may be stored.</summary>
    public static string? Check(string? password, string field = "password")
    {
        if (string.IsNullOrEmpty(password))
        {
            return $"{field} is required.";
        }

        return password.Length is < MinLength or > MaxLength
            ? $"{field} must be {MinLength}-{MaxLength} characters."
            : null;
    }
}
