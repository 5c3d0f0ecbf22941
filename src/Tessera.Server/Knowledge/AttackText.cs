using System.Text.RegularExpressions;

namespace Tessera.Server.Knowledge;

/// <summary>
/// ATT&amp;CK descriptions are Markdown with <c>[Name](https://attack.mitre.org/…)</c> links and
/// <c>(Citation: Source)</c> markers. The UI shows them as plain text (never as HTML) with citations listed apart.
/// </summary>
public static partial class AttackText
{
    [GeneratedRegex(@"\[([^\]]+)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\(Citation: ([^)]+)\)")]
    private static partial Regex Citation();

    [GeneratedRegex(@"<code>|</code>")]
    private static partial Regex CodeTag();

    public static string Plain(string? text) =>
        text is null ? "" : CodeTag().Replace(Citation().Replace(MarkdownLink().Replace(text, "$1"), ""), "").Trim();

    public static IReadOnlyList<string> Citations(string? text) =>
        text is null ? [] : Citation().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
}
