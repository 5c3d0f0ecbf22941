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
}
