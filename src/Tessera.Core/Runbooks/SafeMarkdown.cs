using System.Text;
using System.Text.RegularExpressions;

namespace Tessera.Core.Runbooks;

/// <summary>
/// Renders a small, safe Markdown subset to HTML for runbooks: ATX headings, paragraphs, flat bullet and numbered
/// lists, block quotes, rules, fenced code blocks, code spans, <c>**strong**</c>, <c>*em*</c>/<c>_em_</c>, and
/// links whose target is an absolute http, https or mailto URL. Everything else is HTML-encoded: raw HTML in the
/// input is shown as text, never passed through; entities are shown literally (<c>&amp;amp;</c> stays visible);
/// links with any other target (javascript:, data:, relative) render as their text alone. Nested lists, tables,
/// images and reference links are not supported and render as text. The output contains only the tags above,
/// and the only attributes are <c>href</c> (validated, encoded), <c>rel</c> and a whitelisted code <c>class</c>.
/// </summary>
public static partial class SafeMarkdown
{
    /// <summary>
    /// Longest input rendered; runbooks are pages, not books (a long one is ~10 K characters). Longer input is cut
    /// here with a visible notice, which bounds rendering cost for anything stored before limits existed.
    /// </summary>
    public const int MaxChars = 100_000;

    // Emphasis inside links inside emphasis …: deeper nesting renders as text, bounding recursion and work.
    private const int MaxInlineDepth = 6;

    private const int MaxUrlLength = 2048;

    [GeneratedRegex(@"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^[ \t]{0,3}[-*+][ \t]+(.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^[ \t]{0,3}\d{1,9}[.)][ \t]+(.*)$")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"^[ \t]{0,3}([-*_])([ \t]*\1){2,}[ \t]*$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^[ \t]{0,3}(```+|~~~+)[ \t]*([A-Za-z0-9_+-]{0,32})?.*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^[ \t]{0,3}>[ \t]?(.*)$")]
    private static partial Regex Quote();

    /// <summary>Returns safe HTML for <paramref name="markdown"/> (empty string for null or blank input). Never throws.</summary>
    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        var truncated = markdown.Length > MaxChars;
        var lines = (truncated ? Text.PlainText.Cut(markdown, MaxChars) : markdown).Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var html = new StringBuilder(markdown.Length + 64);
        RenderBlocks(lines, html);
        if (truncated)
        {
            html.Append($"<p><em>(runbook truncated at {MaxChars:N0} characters)</em></p>\n");
        }

        return html.ToString();
    }

    private static void RenderBlocks(string[] lines, StringBuilder html)
    {
        var paragraph = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (IsBlockStart(line) || string.IsNullOrWhiteSpace(line))
            {
                FlushParagraph(paragraph, html);
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (Fence().Match(line) is { Success: true } fence)
            {
                i = RenderFence(lines, i, fence, html);
            }
            else if (Heading().Match(line) is { Success: true } heading)
            {
                var level = heading.Groups[1].Length;
                html.Append($"<h{level}>").Append(Inline(heading.Groups[2].Value)).Append($"</h{level}>\n");
            }
            else if (Rule().IsMatch(line))
            {
                html.Append("<hr>\n");
            }
            else if (Bullet().IsMatch(line) || Numbered().IsMatch(line))
            {
                i = RenderList(lines, i, html);
            }
            else if (Quote().IsMatch(line))
            {
                var quoted = new List<string>();
                for (; i < lines.Length && Quote().Match(lines[i]) is { Success: true } q; i++)
                {
                    quoted.Add(q.Groups[1].Value);
                }

                i--;
                html.Append("<blockquote>");
                FlushParagraph(quoted, html);
                html.Append("</blockquote>\n");
            }
            else
            {
                paragraph.Add(line.Trim());
            }
        }

        FlushParagraph(paragraph, html);
    }

    private static bool IsBlockStart(string line) =>
        Fence().IsMatch(line) || Heading().IsMatch(line) || Rule().IsMatch(line) || Bullet().IsMatch(line) || Numbered().IsMatch(line) || Quote().IsMatch(line);

    private static void FlushParagraph(List<string> lines, StringBuilder html)
    {
        if (lines.Count > 0)
        {
            html.Append("<p>").Append(Inline(string.Join("\n", lines))).Append("</p>\n");
            lines.Clear();
        }
    }

    private static int RenderFence(string[] lines, int start, Match fence, StringBuilder html)
    {
        var marker = fence.Groups[1].Value;
        var language = fence.Groups[2].Value;
        html.Append(language.Length > 0 ? $"<pre><code class=\"language-{language}\">" : "<pre><code>");
        var i = start + 1;
        for (; i < lines.Length && !lines[i].TrimStart().StartsWith(marker, StringComparison.Ordinal); i++)
        {
            html.Append(Encode(lines[i])).Append('\n');
        }

        html.Append("</code></pre>\n");
        return i;
    }

    // Consecutive items of one kind form a list; indented lines continue the previous item; nesting is flattened.
    private static int RenderList(string[] lines, int start, StringBuilder html)
    {
        var ordered = !Bullet().IsMatch(lines[start]);
        var tag = ordered ? "ol" : "ul";
        var items = new List<List<string>>();
        var i = start;
        for (; i < lines.Length; i++)
        {
            var item = (ordered ? Numbered() : Bullet()).Match(lines[i]);
            if (item.Success)
            {
                items.Add([item.Groups[1].Value.Trim()]);
            }
            else if (items.Count > 0 && lines[i].Length > 0 && char.IsWhiteSpace(lines[i][0]) && !string.IsNullOrWhiteSpace(lines[i]) && !IsBlockStart(lines[i]))
            {
                items[^1].Add(lines[i].Trim());
            }
            else
            {
                break;
            }
        }

        html.Append('<').Append(tag).Append(">\n");
        foreach (var item in items)
        {
            html.Append("<li>").Append(Inline(string.Join("\n", item))).Append("</li>\n");
        }

        html.Append("</").Append(tag).Append(">\n");
        return i - 1;
    }

    private static string Inline(string text)
    {
        var html = new StringBuilder(text.Length + 16);
        new InlineRenderer(text, html).Render(0, text.Length, 0, allowLinks: true);
        return html.ToString();
    }

    /// <summary>An absolute http, https or mailto URL without spaces or control characters, or null.</summary>
    internal static string? SafeHref(string raw)
    {
        var url = raw.Trim();
        if (url.Length == 0 || url.Length > MaxUrlLength || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return null;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto" ? url : null;
    }

    /// <summary>HTML-encodes text for element content and double-quoted attributes.</summary>
    internal static string Encode(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }
}
