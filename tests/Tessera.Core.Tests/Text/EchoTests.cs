using System.Text;
using Tessera.Core.Text;

namespace Tessera.Core.Tests.Text;

public sealed class EchoTests
{
    [Fact]
    public void Clip_Null_ReturnsEmpty() => Assert.Equal("", Echo.Clip(null, 10));

    [Theory]
    [InlineData("", 5)]
    [InlineData("abc", 5)]
    [InlineData("abcde", 5)] // exactly max: nothing cut, no ellipsis
    [InlineData("ab   ", 5)] // whitespace is only trimmed where a cut happens; uncut input is shown as given
    [InlineData("a\U0001F600b", 4)] // a surrogate pair is two chars: length 4 fits
    public void Clip_AtMostMax_ReturnsTextUnchanged(string text, int max) => Assert.Equal(text, Echo.Clip(text, max));

    [Theory]
    [InlineData("abcdef", 5, "abcde…")]
    [InlineData("abc  def", 5, "abc…")] // trailing whitespace of the kept part goes, so the ellipsis follows text
    [InlineData("  abcdef", 4, "  ab…")] // leading whitespace is kept: only the cut end is trimmed
    [InlineData("abcd\U0001F600", 5, "abcd…")] // the pair starts at index 4: cutting at 5 would keep a lone high surrogate
    [InlineData("abc\U0001F600d", 5, "abc\U0001F600…")] // the pair ends at the cut: kept whole
    [InlineData("\U0001F600", 1, "…")] // max 1 on a single pair: nothing fits
    public void Clip_LongerThanMax_KeepsStartAndAddsEllipsis(string text, int max, string expected) =>
        Assert.Equal(expected, Echo.Clip(text, max));

    [Fact]
    public void Clip_MegabyteInput_ReturnsMaxPlusEllipsis()
    {
        var clipped = Echo.Clip(new string('x', 1 << 20), 40);

        Assert.Equal(new string('x', 40) + Echo.Ellipsis, clipped);
    }

    [Fact]
    public void Clip_SplitPair_NeverLeavesLoneSurrogate()
    {
        var text = string.Concat(Enumerable.Repeat("\U0001F600", 30));

        for (var max = 1; max < text.Length; max++)
        {
            var clipped = Echo.Clip(text, max);
            // EnumerateRunes yields the replacement character for a lone surrogate.
            Assert.DoesNotContain(clipped.EnumerateRunes(), r => r == Rune.ReplacementChar);
            Assert.True(clipped.Length - Echo.Ellipsis.Length <= max, $"max {max} kept {clipped.Length - 1} chars");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Clip_MaxNotPositive_Throws(int max) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Echo.Clip("text", max));

    [Theory]
    [InlineData("'T1059' is not a technique ID", 5, "'T105… is not a techn… ID")] // every word over the limit
    [InlineData("short words stay", 5, "short words stay")]
    [InlineData("a\tbcdefg\nh", 3, "a\tbcd…\nh")] // any whitespace separates words, and is kept
    [InlineData("", 3, "")]
    public void ClipWords_CutsOnlyTheLongWords(string text, int maxWord, string expected) =>
        Assert.Equal(expected, Echo.ClipWords(text, maxWord));

    [Fact]
    public void ClipWords_SixThousandCharacterId_ComesBackAsTwoHundredAndAnEllipsis()
    {
        var id = new string('T', 6000);

        var clipped = Echo.ClipWords($"Technique '{id}' was not found.", 200);

        Assert.Equal($"Technique '{id[..199]}… was not found.", clipped);
    }
}
