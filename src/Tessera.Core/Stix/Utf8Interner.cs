using System.Text.Json;

namespace Tessera.Core.Stix;

/// <summary>
/// Returns one shared string per distinct JSON string value, decoding into a reused buffer so a repeated
/// value costs no allocation. ATT&amp;CK repeats most short values heavily — relationship citations
/// (3 M chars, 0.25 M distinct in Enterprise 18.1), URLs, STIX refs, platforms — so this roughly
/// halves what a load allocates and keeps.
/// </summary>
internal sealed class Utf8Interner
{
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private char[] _chars = new char[1024];

    public Utf8Interner() => _lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The current string token's value; throws <see cref="InvalidOperationException"/> on invalid UTF-8, like GetString.</summary>
    public string Get(ref Utf8JsonReader reader)
    {
        // UTF-8 never takes fewer bytes than UTF-16 takes chars, and escapes only shrink when decoded.
        var maxChars = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (_chars.Length < maxChars)
        {
            _chars = new char[Math.Max(maxChars, _chars.Length * 2)];
        }

        var chars = _chars.AsSpan(0, reader.CopyString(_chars));
        if (_lookup.TryGetValue(chars, out var existing))
        {
            return existing;
        }

        var created = new string(chars);
        _pool.Add(created, created);
        return created;
    }

    public string Get(string value)
    {
        if (_pool.TryGetValue(value, out var existing))
        {
            return existing;
        }

        _pool.Add(value, value);
        return value;
    }
}
