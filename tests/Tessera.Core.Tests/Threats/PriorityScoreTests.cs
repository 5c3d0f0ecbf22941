using Tessera.Core.Attack;
using Tessera.Core.Threats;

namespace Tessera.Core.Tests.Threats;

public sealed class PriorityScoreTests
{
    private static readonly TechniqueId T1059 = TechniqueId.Parse("T1059");

    [Fact]
    public void Formula_DefaultWeights_ShowsEachWeight() =>
        Assert.Equal("priority = 0.40·actor + 0.30·gap + 0.20·exposure + 0.10·incidents", new PriorityScore().Formula);

    [Fact]
    public void Formula_UnnormalisedWeights_ShowsNormalisedWeights() =>
        Assert.Equal("priority = 0.50·actor + 0.50·gap + 0.00·exposure + 0.00·incidents",
            new PriorityScore(new PriorityWeights { Actor = 2, Gap = 2, Exposure = 0, Incidents = 0 }).Formula);

    [Fact]
    public void Score_AllTerms_SumOfWeightedTerms()
    {
        var priority = new PriorityScore().Score(new PriorityInput(T1059, 0.5, TechniqueCoverageLevel.Partial, IncidentCount: 3, ExposureCount: 5));

        // 0.4·0.5 + 0.3·(2/3) + 0.2·(5/10) + 0.1·(3/6)
        Assert.Equal(0.2 + 0.2 + 0.1 + 0.05, priority.Score, 9);
        Assert.Equal([PriorityScore.ActorTerm, PriorityScore.GapTerm, PriorityScore.ExposureTerm, PriorityScore.IncidentTerm], priority.Terms.Select(t => t.Name));
        Assert.Equal(priority.Score, priority.Terms.Sum(t => t.Contribution), 9);
    }

    [Theory]
    [InlineData(TechniqueCoverageLevel.None, 0.3)]
    [InlineData(TechniqueCoverageLevel.Covered, 0.1)]
    [InlineData(TechniqueCoverageLevel.Validated, 0.0)] // validated, unused, quiet: nothing to do
    public void Score_OnlyCoverage_GapTermScalesWithLevel(TechniqueCoverageLevel level, double expected) =>
        Assert.Equal(expected, new PriorityScore().Score(new PriorityInput(T1059, 0, level, 0, 0)).Score, 9);

    [Fact]
    public void Score_OutOfRangeInputs_ClampedNotPropagated()
    {
        var priority = new PriorityScore().Score(new PriorityInput(T1059, 7, TechniqueCoverageLevel.Validated, -4, -1));

        Assert.Equal(0.4, priority.Score, 9);
    }

    [Fact]
    public void Rank_SeveralTechniques_HighestFirst()
    {
        var ranked = new PriorityScore().Rank(
        [
            new PriorityInput(TechniqueId.Parse("T1003"), 0.1, TechniqueCoverageLevel.Validated, 0, 0),
            new PriorityInput(T1059, 1, TechniqueCoverageLevel.None, 0, 0),
        ]);

        Assert.Equal(["T1059", "T1003"], ranked.Select(r => r.Id.Value));
    }

    [Fact]
    public void TermDefinitions_ShowSaturationPoints() =>
        Assert.Contains("exposure = n ÷ (n + 5) for n related open exposures", new PriorityScore().TermDefinitions);

    [Theory]
    [InlineData(-0.1, 0.3, 0.2, 0.1, 5)] // a negative weight would reward coverage gaps inversely
    [InlineData(0, 0, 0, 0, 5)] // all-zero weights cannot be normalised
    [InlineData(0.4, 0.3, 0.2, 0.1, 0)] // zero saturation divides by zero for zero counts
    public void Constructor_InvalidWeights_Throws(double actor, double gap, double exposure, double incidents, double saturation) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PriorityScore(new PriorityWeights
        {
            Actor = actor, Gap = gap, Exposure = exposure, Incidents = incidents, ExposureHalfSaturation = saturation,
        }));
}
