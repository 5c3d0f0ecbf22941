using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Core.Webhooks;

/// <summary>Outcome of <see cref="WebhookSigner.Verify"/>.</summary>
public enum WebhookVerification
{
    Valid,

    /// <summary>No header, or not of the form <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>.</summary>
    Malformed,

    /// <summary>The timestamp is further from now than the tolerance (a replay, or a badly skewed clock).</summary>
    OutsideTolerance,

    /// <summary>No <c>v1</c> signature matches the body and secret.</summary>
    Mismatch,
}

/// <summary>
/// Signs and verifies webhook bodies. Header <c>Tessera-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c> where
/// v1 = lower-case hex HMAC-SHA256(secret, "&lt;t&gt;." + body). Signing the timestamp with the body lets receivers
/// reject replays older than a tolerance; several v1 entries may appear while a secret is rotated.
/// </summary>
public static class WebhookSigner
{
    public const string SignatureHeader = "Tessera-Signature";

    /// <summary>Five minutes: covers clock skew and queueing, short enough to make a captured request useless soon.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    // Headers longer than this are not ours (a timestamp and a few signatures fit in 300 bytes).
    private const int MaxHeaderLength = 1024;

    /// <summary>The header value for a body signed at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        var t = timestamp.ToUnixTimeSeconds();
        return $"t={t.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(Mac(secret, t, body))}";
    }

    /// <summary>
    /// Checks a received header against the body and secret: format, then timestamp within
    /// <paramref name="tolerance"/> of <paramref name="now"/> (either direction), then each v1 signature in
    /// constant time. Never throws for bad input.
    /// </summary>
    public static WebhookVerification Verify(string? header, ReadOnlySpan<byte> body, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(header) || header.Length > MaxHeaderLength)
        {
            return WebhookVerification.Malformed;
        }

        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            var (key, value) = eq > 0 ? (part[..eq], part[(eq + 1)..]) : (part, "");
            if (key == "t" && timestamp is null && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (key == "v1" && value.Length == 64 && TryHex(value) is { } signature)
            {
                signatures.Add(signature);
            }
            else if (key is "t" or "v1")
            {
                return WebhookVerification.Malformed;
            }
        }

        if (timestamp is not { } seconds || signatures.Count == 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return WebhookVerification.Malformed;
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return WebhookVerification.OutsideTolerance;
        }

        var expected = Mac(secret, seconds, body);
        var match = false;
        foreach (var signature in signatures)
        {
            // Compare every candidate so timing does not reveal which one (or how many) matched.
            match |= CryptographicOperations.FixedTimeEquals(expected, signature);
        }

        return match ? WebhookVerification.Valid : WebhookVerification.Mismatch;
    }

    private static byte[] Mac(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }

    private static byte[]? TryHex(string text)
    {
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
