namespace Tessera.Core.Text;

/// <summary>
/// Whether text people type (names, titles, hosts, URLs) is free of control characters. A NUL, an escape sequence or a
/// line break inside a name reaches audit entries, exports, tickets, webhook receivers and terminals as it is: a name
/// with <c>\r\n</c> forges a line in whatever log shows it. Names and titles are one line; longer prose (descriptions,
/// notes) may hold line breaks and tabs, never other control characters.
/// </summary>
public static class PlainText
{
    /// <summary>Null when <paramref name="value"/> holds no control character; otherwise a sentence naming the field, the character and its 1-based position.</summary>
    public static string? OneLineProblem(string field, string? value) => Problem(field, value, allowLineBreaks: false);

    /// <summary>Like <see cref="OneLineProblem"/>, but line breaks (<c>\n</c>, <c>\r</c>) and tabs are allowed.</summary>
    public static string? MultiLineProblem(string field, string? value) => Problem(field, value, allowLineBreaks: true);

    /// <summary>
    /// The first <paramref name="max"/> UTF-16 code units of <paramref name="text"/> (all of it when shorter), never
    /// ending in half a surrogate pair: an emoji straddling the cut is left out whole. A lone high surrogate cannot be
    /// encoded as UTF-8, which PostgreSQL refuses (and .NET's encoder throws on) when the text is stored.
    /// </summary>
    public static string Cut(string text, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (text.Length <= max)
        {
            return text;
        }

        return text[..(max > 0 && char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)];
    }

    private static string? Problem(string field, string? value, bool allowLineBreaks)
    {
        if (value is null)
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                return allowLineBreaks
                    ? $"{field} contains a control character (U+{(int)c:X4} at position {i + 1}); only line breaks and tabs are allowed."
                    : $"{field} contains a control character (U+{(int)c:X4} at position {i + 1}); it is one line of printable text.";
            }
        }

        return null;
    }
}
