namespace Tessera.Core.Text;

/// <summary>
/// Bounds user input that an error message quotes back. Input reaches messages from uploads, URLs and API bodies, so
/// a message shows only the start of it: a 1 MB field must not make a 1 MB error (nor a 1 MB log line or ProblemDetails).
/// Each caller picks its own length to fit where the message is shown.
/// </summary>
public static class Echo
{
    /// <summary>The mark put where the text was cut.</summary>
    public const string Ellipsis = "…";

    /// <summary>
    /// Returns <paramref name="text"/> unchanged when it has at most <paramref name="max"/> characters ("" for null);
    /// otherwise its first <paramref name="max"/> characters with trailing whitespace removed, followed by
    /// <see cref="Ellipsis"/>. A surrogate pair straddling the cut is dropped whole (the cut moves one character
    /// earlier) so the result is always valid UTF-16.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is zero or negative.</exception>
    public static string Clip(string? text, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (text is null)
        {
            return "";
        }

        if (text.Length <= max)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text.AsSpan(0, cut).TrimEnd().ToString() + Ellipsis;
    }

    /// <summary>
    /// Cuts every run of non-space characters longer than <paramref name="maxWord"/> with <see cref="Clip"/>, leaving the
    /// rest of <paramref name="text"/> as it is. Error messages quote what was sent ("'T1059…' is not a technique ID"); a
    /// 6,000-character ID must not come back whole, while the message around it stays readable.
    /// </summary>
    public static string ClipWords(string text, int maxWord)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWord);
        var builder = new System.Text.StringBuilder(Math.Min(text.Length, 4096));
        var start = 0;
        var changed = false;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                continue;
            }

            var word = text.AsSpan(start, i - start);
            if (word.Length > maxWord)
            {
                builder.Append(Clip(word.ToString(), maxWord));
                changed = true;
            }
            else
            {
                builder.Append(word);
            }

            if (i < text.Length)
            {
                builder.Append(text[i]);
            }

            start = i + 1;
        }

        return changed ? builder.ToString() : text;
    }
}
