using Tessera.Core.Text;

namespace Tessera.Core.Tests.Text;

public sealed class PlainTextTests
{
    [Theory]
    [InlineData("soar-prod", null)]
    [InlineData("Café ☕ 東京", null)]
    [InlineData(null, null)]
    [InlineData("line\r\nX-Injected: 1", "name contains a control character (U+000D at position 5); it is one line of printable text.")]
    [InlineData("tab\there", "name contains a control character (U+0009 at position 4); it is one line of printable text.")]
    [InlineData("nul\0", "name contains a control character (U+0000 at position 4); it is one line of printable text.")]
    [InlineData("\u001b[31mred", "name contains a control character (U+001B at position 1); it is one line of printable text.")]
    [InlineData("c1\u0085", "name contains a control character (U+0085 at position 3); it is one line of printable text.")]
    public void OneLineProblem_NamesFieldCharacterAndPosition(string? value, string? expected) =>
        Assert.Equal(expected, PlainText.OneLineProblem("name", value));

    [Theory]
    [InlineData("first line\r\nsecond\tcolumn", null)]
    [InlineData("bell\a", "description contains a control character (U+0007 at position 5); only line breaks and tabs are allowed.")]
    [InlineData("ok\n\u001b]0;title\a", "description contains a control character (U+001B at position 4); only line breaks and tabs are allowed.")]
    public void MultiLineProblem_AllowsLineBreaksAndTabsOnly(string value, string? expected) =>
        Assert.Equal(expected, PlainText.MultiLineProblem("description", value));
    [Theory]
    [InlineData("abc", 5, "abc")]
    [InlineData("abcdef", 3, "abc")]
    [InlineData("ab\U0001F600cd", 3, "ab")] // the emoji straddles the cut: left out whole
    [InlineData("ab\U0001F600cd", 4, "ab\U0001F600")]
    [InlineData("\U0001F600", 1, "")]
    [InlineData("abc", 0, "")]
    public void Cut_NeverEndsInHalfASurrogatePair(string text, int max, string expected) =>
        Assert.Equal(expected, PlainText.Cut(text, max));
}
