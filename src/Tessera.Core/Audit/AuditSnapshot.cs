using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tessera.Core.Audit;

/// <summary>
/// Keeps a before/after snapshot within <see cref="AuditEvent.MaxJsonLength"/>. A write is audited after it is saved, so
/// a snapshot too big to store must not fail the audit (the write would stand unaudited and the caller would see an error
/// for a change that went through). An oversized snapshot is stored as a summary instead: its length, the SHA-256 of the
/// full JSON (to match it against a copy kept elsewhere) and its first characters.
/// </summary>
public static class AuditSnapshot
{
    /// <summary>Characters of the full JSON a summary keeps.</summary>
    public const int HeadLength = 4096;

    public static string? Fit(string? json)
    {
        if (json is null || json.Length <= AuditEvent.MaxJsonLength)
        {
            return json;
        }

        var head = json[..HeadLength];
        if (char.IsHighSurrogate(head[^1]))
        {
            head = head[..^1];
        }

        return JsonSerializer.Serialize(new
        {
            truncated = true,
            length = json.Length,
            sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))),
            head,
        });
    }
}
