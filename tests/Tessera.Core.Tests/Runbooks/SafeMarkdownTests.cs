using System.Text.RegularExpressions;
using Tessera.Core.Runbooks;

namespace Tessera.Core.Tests.Runbooks;

public sealed partial class SafeMarkdownTests
{
    // Every tag the renderer may emit, with the only attributes it may write.
    [GeneratedRegex(@"<(?!/?(h[1-6]|p|ul|ol|li|pre|code|em|strong|blockquote|hr|a)[ >])|<a (?!href=""[^""<>]*"" rel=""nofollow noopener noreferrer"">)|<code (?!class=""language-[A-Za-z0-9_+-]+"">)")]
    private static partial Regex ForeignMarkup();

    private static void AssertOnlyOwnMarkup(string html) => Assert.DoesNotMatch(ForeignMarkup(), html);

    [Theory]
    [InlineData("<p><img src=x></p>")]
    [InlineData("<a href=\"https://a/\" onclick=\"x\">")]
    [InlineData("<code onclick=\"x\">")]
    public void ForeignMarkup_CatchesWhatTheRendererMustNeverEmit(string html) => Assert.Matches(ForeignMarkup(), html);

    [Fact]
    public void ToHtml_Blocks_RenderedAsHtml()
    {
        var html = SafeMarkdown.ToHtml("# Contain\n\nIsolate the *host*\nand **reset** creds.\n\n- one\n- two\n  continued\n\n1. first\n2. second\n\n> note\n\n---\n```powershell\nGet-Process | ? { $_.Id -lt 5 }\n```");

        Assert.Equal(
            "<h1>Contain</h1>\n<p>Isolate the <em>host</em>\nand <strong>reset</strong> creds.</p>\n" +
            "<ul>\n<li>one</li>\n<li>two\ncontinued</li>\n</ul>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n" +
            "<blockquote><p>note</p>\n</blockquote>\n<hr>\n" +
            "<pre><code class=\"language-powershell\">Get-Process | ? { $_.Id -lt 5 }\n</code></pre>\n", html);
    }

    [Fact]
    public void ToHtml_SafeLinks_KeptWithRel()
    {
        var html = SafeMarkdown.ToHtml("See [ATT&CK](https://attack.mitre.org/techniques/T1059/?a=1&b=2) or [mail](mailto:soc@example.org).");

        Assert.Equal(
            "<p>See <a href=\"https://attack.mitre.org/techniques/T1059/?a=1&amp;b=2\" rel=\"nofollow noopener noreferrer\">ATT&amp;CK</a> or " +
            "<a href=\"mailto:soc@example.org\" rel=\"nofollow noopener noreferrer\">mail</a>.</p>\n", html);
    }

    [Fact]
    public void ToHtml_CodeSpan_EncodedVerbatim() =>
        Assert.Equal("<p>Run <code>&lt;b&gt;*not em*&lt;/b&gt;</code> and <code>a`b</code></p>\n", SafeMarkdown.ToHtml("Run `<b>*not em*</b>` and `` a`b ``"));

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<svg/onload=alert(1)>")]
    [InlineData("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>")]
    [InlineData("<!-- comment --><style>*{}</style>")]
    [InlineData("# <script>alert(1)</script>")] // inside a heading
    [InlineData("- <img src=x onerror=alert(1)>")] // inside a list item
    [InlineData("**<script>alert(1)</script>**")] // inside emphasis
    [InlineData("```\n</code></pre><script>alert(1)</script>\n```")] // trying to close the code block early
    [InlineData("```html\" onmouseover=\"alert(1)\n```")] // attribute injection through the info string
    public void ToHtml_RawHtml_ShownAsTextNeverPassedThrough(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown);

        AssertOnlyOwnMarkup(html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")] // scheme case
    [InlineData("[x]( javascript:alert(1))")] // leading space
    [InlineData("[x](java\tscript:alert(1))")] // tab inside the scheme
    [InlineData("[x](&#106;avascript:alert(1))")] // entity-encoded scheme
    [InlineData("[x](vbscript:msgbox(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[x](file:///etc/passwd)")]
    [InlineData("[x](/relative/path)")] // relative links would resolve against Tessera itself
    [InlineData("[x](//evil.example/x)")] // protocol-relative
    public void ToHtml_UnsafeLinkTarget_DroppedKeepingText(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown);

        Assert.Equal("<p>x</p>\n", html);
    }

    [Theory]
    [InlineData("[x](https://a.example/\"onmouseover=\"alert(1))")] // quote breaking out of href
    [InlineData("[x](https://a.example/'><script>alert(1)</script>)")]
    [InlineData("[<img src=x onerror=alert(1)>](https://a.example/)")] // HTML in link text
    [InlineData("[[nested](https://b.example/)](https://a.example/)")] // anchor inside anchor
    public void ToHtml_HostileSafeSchemeLinks_StayInsideAttributes(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown);

        AssertOnlyOwnMarkup(html);
        Assert.True(Regex.Matches(html, "<a ").Count <= 1, html);
    }

    [Fact]
    public void ToHtml_EscapedAndUnmatchedDelimiters_Literal() =>
        Assert.Equal("<p>*literal* snake_case_name 2 * 3 [not a link] ` [x](</p>\n", SafeMarkdown.ToHtml("\\*literal\\* snake_case_name 2 * 3 [not a link] ` [x]("));

    [Fact]
    public void ToHtml_DeepNesting_RenderedWithoutRecursionBlowup()
    {
        var markdown = string.Concat(Enumerable.Repeat("*[_", 2000)) + "x" + string.Concat(Enumerable.Repeat("_](https://a.example/)*", 2000));

        var html = SafeMarkdown.ToHtml(markdown);

        AssertOnlyOwnMarkup(html);
        Assert.Contains("x", html);
    }

    [Fact]
    public void ToHtml_ManyUnmatchedDelimiters_RendersAllAsText()
    {
        var markdown = string.Concat(Enumerable.Repeat("* [ ` _ ", 10_000));

        var html = SafeMarkdown.ToHtml("x " + markdown);

        Assert.Equal(10_000, html.Count(c => c == '['));
    }

    [Fact]
    public void ToHtml_OverLimit_TruncatedWithNotice()
    {
        var html = SafeMarkdown.ToHtml(new string('a', SafeMarkdown.MaxChars + 10));

        Assert.EndsWith("<p><em>(runbook truncated at 100,000 characters)</em></p>\n", html);
        Assert.Equal(SafeMarkdown.MaxChars, html[..html.IndexOf("<p><em>", StringComparison.Ordinal)].Count(c => c == 'a'));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" \n\t")]
    public void ToHtml_Blank_Empty(string? markdown) => Assert.Equal("", SafeMarkdown.ToHtml(markdown));

    [Fact]
    public void ToHtml_UnclosedFence_RunsToEndEncoded() =>
        Assert.Equal("<pre><code>&lt;b&gt;\n</code></pre>\n", SafeMarkdown.ToHtml("```\n<b>"));
}
