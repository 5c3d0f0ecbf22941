using System.Text;

namespace Tessera.Core.Runbooks;

/// <summary>
/// Inline Markdown (code spans, strong, emphasis, links) for <see cref="SafeMarkdown"/>. Text is encoded piece by
/// piece; only the renderer itself writes tags. Closing delimiters are found through a per-token cache of the next
/// occurrence, so text full of unmatched <c>*</c>, <c>[</c> or backticks renders in linear time rather than
/// rescanning the rest of the text at each one.
/// </summary>
internal sealed class InlineRenderer(string text, StringBuilder html)
{
    private const int MaxDepth = 6;
    private const string LinkRel = "nofollow noopener noreferrer";

    // Longer than SafeMarkdown's URL limit, so an over-long URL is still recognised (and then refused).
    private const int MaxDestination = 4096;

    // token → (searched from, first occurrence at or after it, or -1).
    private readonly Dictionary<string, (int From, int At)> _next = new(StringComparer.Ordinal);

    public void Render(int start, int end, int depth, bool allowLinks)
    {
        if (depth > MaxDepth)
        {
            html.Append(SafeMarkdown.Encode(text[start..end]));
            return;
        }

        var plain = start;
        var i = start;
        while (i < end)
        {
            var construct = text[i] switch
            {
                '\\' when i + 1 < end && text[i + 1] is > ' ' and < '\x7f' && !char.IsAsciiLetterOrDigit(text[i + 1]) =>
                    (SafeMarkdown.Encode(text[i + 1].ToString()), 2),
                '`' => CodeSpan(i, end),
                '*' or '_' => Emphasis(i, end, depth, allowLinks),
                '[' => Link(i, end, depth, allowLinks),
                _ => null,
            };
            if (construct is not { } found)
            {
                i++;
                continue;
            }

            html.Append(SafeMarkdown.Encode(text[plain..i])).Append(found.Html);
            i += found.Length;
            plain = i;
        }

        html.Append(SafeMarkdown.Encode(text[plain..end]));
    }

    private (string Html, int Length)? CodeSpan(int i, int end)
    {
        var run = 1;
        while (i + run < end && text[i + run] == '`')
        {
            run++;
        }

        var fence = new string('`', run);
        var close = Next(fence, i + run, end);
        if (close < 0 || (close + run < end && text[close + run] == '`'))
        {
            return (fence, run);
        }

        var code = text[(i + run)..close];
        if (code.Length > 2 && code[0] == ' ' && code[^1] == ' ')
        {
            code = code[1..^1];
        }

        return ("<code>" + SafeMarkdown.Encode(code) + "</code>", close + run - i);
    }

    private (string Html, int Length)? Emphasis(int i, int end, int depth, bool allowLinks)
    {
        var c = text[i];
        // "_" only opens at a word start and closes at a word end, so snake_case_names stay literal.
        if (c == '_' && i > 0 && char.IsLetterOrDigit(text[i - 1]))
        {
            return null;
        }

        var strong = i + 1 < end && text[i + 1] == c;
        var token = strong ? new string(c, 2) : c.ToString();
        var open = i + token.Length;
        var close = open < end && !char.IsWhiteSpace(text[open]) ? Next(token, open + 1, end) : -1;
        if (close < 0 || char.IsWhiteSpace(text[close - 1]) || (c == '_' && close + token.Length < end && char.IsLetterOrDigit(text[close + token.Length])))
        {
            return null;
        }

        var tag = strong ? "strong" : "em";
        return Nested($"<{tag}>", open, close, $"</{tag}>", close + token.Length - i, depth, allowLinks);
    }

    private (string Html, int Length)? Link(int i, int end, int depth, bool allowLinks)
    {
        var label = Next("]", i + 1, end);
        if (label < 0 || label + 1 >= end || text[label + 1] != '(')
        {
            return null;
        }

        var close = DestinationEnd(label + 2, end);
        if (close < 0)
        {
            return null;
        }

        var href = allowLinks ? SafeMarkdown.SafeHref(text[(label + 2)..close]) : null;
        return href is null
            ? Nested("", i + 1, label, "", close + 1 - i, depth, allowLinks: false)
            : Nested($"<a href=\"{SafeMarkdown.Encode(href)}\" rel=\"{LinkRel}\">", i + 1, label, "</a>", close + 1 - i, depth, allowLinks: false);
    }

    // The ')' closing a link destination, allowing balanced parentheses inside (Wikipedia-style URLs). Scans at
    // most one URL's length, so a text of unclosed "[x](" stays cheap.
    private int DestinationEnd(int start, int end)
    {
        var limit = Math.Min(end, start + MaxDestination);
        for (int i = start, depth = 0; i < limit; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')' when depth == 0:
                    return i;
                case ')':
                    depth--;
                    break;
                case '\n':
                    return -1;
            }
        }

        return -1;
    }

    // Renders [start, end) between an opening and closing fragment as one construct.
    private (string Html, int Length) Nested(string open, int start, int end, string close, int consumed, int depth, bool allowLinks)
    {
        var inner = new StringBuilder();
        new InlineRenderer(text, inner).Render(start, end, depth + 1, allowLinks);
        return (open + inner + close, consumed);
    }

    private int Next(string token, int from, int end)
    {
        if (!_next.TryGetValue(token, out var cached) || from < cached.From || (cached.At >= 0 && from > cached.At))
        {
            cached = (from, text.IndexOf(token, from, StringComparison.Ordinal));
            _next[token] = cached;
        }

        return cached.At >= 0 && cached.At + token.Length <= end ? cached.At : -1;
    }
}
