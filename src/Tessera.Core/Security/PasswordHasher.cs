using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Core.Security;

/// <summary>
/// PBKDF2-HMAC-SHA256 password hashing with a per-password random salt, stored as the self-describing string
/// <c>pbkdf2-sha256$iterations$salt$hash</c> (salt and hash in base64) so the cost can rise later without a
/// migration: <see cref="Verify"/> reports <see cref="PasswordVerification.SuccessRehashNeeded"/> for older hashes.
/// </summary>
public sealed class PasswordHasher
{
    /// <summary>OWASP Password Storage Cheat Sheet figure for PBKDF2-HMAC-SHA256 (2023).</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Floor we accept when hashing: OWASP's PBKDF2-HMAC-SHA512 figure, the weakest it still lists.</summary>
    public const int MinimumIterations = 210_000;

    // A stored hash is data from the database; an absurd count would turn one login into a denial of service.
    private const int MaximumIterations = 10_000_000;
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Longer passwords add nothing (HMAC pre-hashes them) and only cost memory.</summary>
    public const int MaxPasswordLength = 1024;

    private readonly int _iterations;

    /// <summary>Creates a hasher that hashes with <paramref name="iterations"/> rounds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="iterations"/> is below <see cref="MinimumIterations"/>.</exception>
    public PasswordHasher(int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaximumIterations);
        _iterations = iterations;
    }

    /// <summary>Returns a new <c>pbkdf2-sha256$…</c> string for <paramref name="password"/> with a fresh salt.</summary>
    /// <exception cref="ArgumentException">When the password is empty or longer than <see cref="MaxPasswordLength"/>.</exception>
    public string Hash(string password)
    {
        if (string.IsNullOrEmpty(password) || password.Length > MaxPasswordLength)
        {
            throw new ArgumentException($"Password must be 1..{MaxPasswordLength} characters.", nameof(password));
        }

        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, _iterations, HashBytes);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Scheme}${_iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>
    /// Checks <paramref name="password"/> against a stored string in constant time. Returns
    /// <see cref="PasswordVerification.Failed"/> for a wrong password and for a malformed or unknown-scheme string
    /// (never throws on bad stored data), and <see cref="PasswordVerification.SuccessRehashNeeded"/> when the
    /// password is right but was hashed with fewer iterations than this hasher uses.
    /// </summary>
    public PasswordVerification Verify(string password, string storedHash)
    {
        if (string.IsNullOrEmpty(password) || password.Length > MaxPasswordLength
            || !TryParse(storedHash, out var iterations, out var salt, out var expected))
        {
            return PasswordVerification.Failed;
        }

        var actual = Derive(password, salt, iterations, expected.Length);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordVerification.Failed;
        }

        return iterations < _iterations ? PasswordVerification.SuccessRehashNeeded : PasswordVerification.Success;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);

    private static bool TryParse(string? stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = stored?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations is < 1 or > MaximumIterations)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length >= 8 && hash.Length >= 16;
    }
}
