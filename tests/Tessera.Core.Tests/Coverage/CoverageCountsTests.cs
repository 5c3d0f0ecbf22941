using Tessera.Core.Coverage;

namespace Tessera.Core.Tests.Coverage;

public sealed class CoverageCountsTests
{
    private static CoverageCounts Counts(int validated, int total) => new() { Key = "all", Validated = validated, Gap = total - validated };

    // QA: the CI gate compared the one-decimal display figure, so 2 of 67 (2.985 %) passed --fail-under 3 and
    // 10 of 691 (1.447 %, shown 1.4) failed --fail-under 1.44.
    [Theory]
    [InlineData(2, 67, 3.0, true)]
    [InlineData(2, 67, 2.99, true)]
    [InlineData(2, 67, 2.98, false)]
    [InlineData(10, 691, 1.44, false)]
    [InlineData(10, 691, 1.45, true)]
    [InlineData(1, 2, 50.0, false)] // exactly at the threshold passes
    [InlineData(0, 0, 10.0, false)] // an empty slice is below nothing
    public void ValidatedBelow_JudgesTheExactShareNotTheRoundedOne(int validated, int total, double percent, bool below)
    {
        Assert.Equal(below, Counts(validated, total).ValidatedBelow(percent));
    }

    [Fact]
    public void ValidatedPercent_StaysRoundedForDisplay() => Assert.Equal(3.0, Counts(2, 67).ValidatedPercent);
}
