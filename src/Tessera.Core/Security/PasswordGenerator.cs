using System.Security.Cryptography;

namespace Tessera.Core.Security;

/// <summary>Random passwords for bootstrap and resets.</summary>
public static class PasswordGenerator
{
    // No look-alikes (0/O, 1/l/I) because the bootstrap password is read off a console and typed by hand.
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!";

    /// <summary>Returns a password of <paramref name="length"/> characters (≈ 5.9 bits each; 24 gives ≈ 141 bits).</summary>
    public static string Generate(int length = 24)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 16);
        return new string(RandomNumberGenerator.GetItems<char>(Alphabet, length));
    }
}
