using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Model;

namespace Tessera.Core.Tests.Alerts;

/// <summary>Candidate features of the fitted re-ranker: the model's per-view split and the cheap technique features.</summary>
public sealed class CandidateFeaturesTests(MapperFixture fixture)
{
    private static readonly Dictionary<string, int> Counts = new(StringComparer.Ordinal) { ["T1059"] = 400, ["T1053"] = 20, ["T1583"] = 0 };

    [Fact]
    public void Rank_AnyTitle_ViewsAddUpToTheScoreLessTheSmallPrior()
    {
        var candidates = fixture.Mapper.Model.Rank("Scheduled Task Created Via Schtasks For Persistence", 20, explain: false);

        Assert.NotEmpty(candidates);
        Assert.All(candidates, c =>
        {
            var views = c.Views.Centroid + c.Views.Linear + c.Views.Neighbours;
            Assert.True(c.Views.Centroid >= 0 && c.Views.Linear >= 0 && c.Views.Neighbours >= 0, $"{c.TechniqueId}: {c.Views}");
            // The class prior (PriorWeight 0.01 per class, rolled up over a family) is the only other part of the score.
            Assert.InRange(c.Score - views, -1e-4, 0.05);
        });
        Assert.Contains(candidates, c => c.Views.Linear > 0);
        Assert.Contains(candidates, c => c.Views.Neighbours > 0);
    }

    [Theory]
    [InlineData("Scheduled Task Created Via Schtasks", "T1053.005", 1.0)]   // sub-technique name "Scheduled Task", both words
    [InlineData("Suspicious Encoded PowerShell Command", "T1059.001", 1.0)] // one-word name
    [InlineData("Rundll32 Execution Without Parameters", "T1003", 0.0)]     // OS Credential Dumping: no name word
    [InlineData("Credential Dumping Via Comsvcs", "T1003", 2 / 3.0)]        // name words os, credential, dump: two of three
    [InlineData("Any Title", "T9999", 0.0)]                                  // unknown IDs score 0, no exception
    public void NameShare_TitleWords_ShareOfTechniqueNameWords(string title, string id, double expected)
    {
        var features = new CandidateFeatures(fixture.Mapper.Attack, Counts, RerankFeatures.NameMatch);

        Assert.Equal(expected, features.NameShare(id, features.TitleWords(title)!), 3);
    }

    [Fact]
    public void Fill_OnlyEnabledFeatures_WritesTheirSlots()
    {
        var features = new CandidateFeatures(fixture.Mapper.Attack, Counts, RerankFeatures.Subtechnique | RerankFeatures.Detectability);
        var slots = new double[CandidateFeatures.Count];

        features.Fill("T1053.005", new ModelViews(0.5f, 0.2f, 0.1f), features.TitleWords("Scheduled Task"), slots);

        // Views and name match are off: their slots stay 0; detectability is ln(21)/ln(401) for the family's 20 rules.
        Assert.Equal([0, 0, 0, 0, 1, Math.Log(21) / Math.Log(401), 0, 0, 0, 0], slots);
    }

    [Theory]
    [InlineData("T1059.001", 1.0)] // the most detected family
    [InlineData("T1583", 0.0)]     // no rule carries it
    [InlineData("T1685", 0.0)]     // absent from the counts (a newer ID)
    public void Fill_Detectability_LogShareOfTheMostDetectedFamily(string id, double expected)
    {
        var features = new CandidateFeatures(fixture.Mapper.Attack, Counts, RerankFeatures.Detectability);
        var slots = new double[CandidateFeatures.Count];

        features.Fill(id, default, null, slots);

        Assert.Equal(expected, slots[5], 6);
    }

    [Fact]
    public void Rank_NegativeSubtechniqueWeight_ReportsNoSubtechniques()
    {
        var alert = Alert.FromTitle("Suspicious Encoded PowerShell Command Line");
        var mapper = fixture.Mapper.WithFeatures(new CandidateFeatures(fixture.Mapper.Attack, Counts, RerankFeatures.Subtechnique));

        var plain = mapper.Rank(alert, 5);
        var penalised = mapper.WithCalibration(mapper.Temperature, mapper.RestScore, featureWeights: [0, 0, 0, 0, -10, 0, 0, 0, 0, 0]).Rank(alert, 5);

        Assert.Contains(plain, id => id.Contains('.', StringComparison.Ordinal));
        Assert.DoesNotContain(penalised, id => id.Contains('.', StringComparison.Ordinal));
        Assert.All(mapper.ScoreParts(alert), p => Assert.Equal(p.Id.Length > 5 ? 1 : 0, p.Parts[4 + 4]));
    }
}
