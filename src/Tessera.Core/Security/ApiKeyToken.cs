using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Core.Security;

/// <summary>
/// The <c>tsk_&lt;keyid&gt;_&lt;secret&gt;</c> token format: 8 random bytes as hex for the key id, 32 random bytes as
/// base64url for the secret. The prefix lets secret scanners recognise leaked tokens. Secrets are high-entropy, so
/// a single SHA-256 is enough (no slow KDF needed, unlike passwords).
/// </summary>
public static class ApiKeyToken
{
    public const string Prefix = "tsk_";
    private const int KeyIdBytes = 8;
    private const int SecretBytes = 32;
    private const int KeyIdLength = KeyIdBytes * 2;
    private const int SecretLength = 43; // base64url of 32 bytes, no padding

    /// <summary>Returns a fresh key id, secret and the full token built from them.</summary>
    public static (string KeyId, string Secret, string Token) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdBytes));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return (keyId, secret, $"{Prefix}{keyId}_{secret}");
    }

    /// <summary>Splits a token into key id and secret; false for anything not shaped like a Tessera token.</summary>
    public static bool TryParse(string? token, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (token is null || token.Length != Prefix.Length + KeyIdLength + 1 + SecretLength
            || !token.StartsWith(Prefix, StringComparison.Ordinal) || token[Prefix.Length + KeyIdLength] != '_')
        {
            return false;
        }

        var id = token.AsSpan(Prefix.Length, KeyIdLength);
        if (id.ContainsAnyExcept("0123456789abcdef"))
        {
            return false;
        }

        keyId = id.ToString();
        secret = token[(Prefix.Length + KeyIdLength + 1)..];
        return true;
    }

    /// <summary>Base64 SHA-256 of <paramref name="secret"/>, the form stored in <see cref="ApiKey.SecretHash"/>.</summary>
    public static string HashSecret(string secret) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Constant-time comparison of a presented secret with a stored hash; false for a malformed hash.</summary>
    public static bool Matches(string secret, string storedHash)
    {
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        if (!Convert.TryFromBase64String(storedHash, expected, out var written) || written != SHA256.HashSizeInBytes)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), expected);
    }
}
