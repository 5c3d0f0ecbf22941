using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Evaluation;

namespace Tessera.Core.Tests.Alerts.Evaluation;

public sealed class CalibrationTests(MapperFixture fixture)
{
    // Pairs whose true accuracy is p²: an over-confident softmax, as the mapper's is at the top.
    private static List<(double P, bool Correct)> Squared(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextDouble()).Select(p => (p, random.NextDouble() < p * p)).ToList();
    }

    [Fact]
    public void ConfidenceMap_OverConfidentProbabilities_MapsToObservedAccuracyMonotonically()
    {
        var map = ConfidenceMap.Fit(Squared(4000, 7));

        Assert.True(map.Blocks >= 5);
        Assert.InRange(map.Apply(0.9), 0.81 - 0.1, 0.81 + 0.1);
        Assert.InRange(map.Apply(0.3), 0.09 - 0.08, 0.09 + 0.08);
        var grid = Enumerable.Range(0, 101).Select(i => map.Apply(i / 100.0)).ToList();
        Assert.All(grid.Zip(grid.Skip(1)), pair => Assert.True(pair.Second >= pair.First, $"{pair.First} > {pair.Second}"));
        Assert.All(grid, c => Assert.InRange(c, 0, 1));
    }

    [Fact]
    public void ConfidenceMap_TooFewPairs_IsIdentity()
    {
        var map = ConfidenceMap.Fit(Squared(30, 1));

        Assert.Same(ConfidenceMap.Identity, map);
        Assert.Equal(0.37, map.Apply(0.37));
    }

    [Fact]
    public void ScoreFit_HeldOutTitles_LowersTheLossAndKeepsTheRanking()
    {
        var alerts = new[]
        {
            ("Exploit Public-Facing Application Attempt Against Apache Struts", "T1190"),
            ("Mimikatz Credential Dumping From LSASS Memory", "T1003.001"),
            ("Suspicious PowerShell Encoded Command Line", "T1059.001"),
            ("Scheduled Task Created For Persistence Via Schtasks", "T1053.005"),
            ("Registry Run Key Persistence Added", "T1547.001"),
            ("Shadow Copies Deleted Via Vssadmin", "T1490"),
            ("Potential Ryuk Ransomware Activity", "T1486"),
            ("SSH Brute Force Against Linux Host", "T1110"),
        }.Select(a => new LabelledAlert(Alert.FromTitle(a.Item1), [a.Item2])).ToList();
        var start = fixture.Mapper;

        var fit = ScoreFit.Fit(start, alerts);
        var fitted = start.WithCalibration(fit.Temperature, fit.RestScore, fit.Evidence, fit.Confidence);

        Assert.Equal(alerts.Count, fit.Alerts);
        Assert.True(fit.Loss < Nll(start, alerts), $"fitted loss {fit.Loss} vs start {Nll(start, alerts)}");
        Assert.True(fit.Temperature > 0);
        // Few pairs: no isotonic blocks, and the same evidence weights give the same first suggestion.
        Assert.Same(ConfidenceMap.Identity, fit.Confidence);
        Assert.All(alerts, a => Assert.Equal(
            start.WithCalibration(start.Temperature, start.RestScore, fit.Evidence).Rank(a.Alert, 1), fitted.Rank(a.Alert, 1)));
    }

    // Mean negative log-likelihood of the gold under the mapper's own softmax, as ScoreFit defines it.
    private static double Nll(AlertMapper mapper, IReadOnlyList<LabelledAlert> alerts) => alerts.Average(a =>
    {
        var scores = mapper.ScoreParts(a.Alert).Select(p => (p.Id, Score: p.Parts[0] + mapper.Evidence.Rule * p.Parts[1]
            + mapper.Evidence.Kev * p.Parts[2] + mapper.Evidence.Attack * p.Parts[3])).ToList();
        var t = mapper.Temperature;
        var rest = Math.Max(0, mapper.Model.Techniques.Count - scores.Count) * Math.Exp(mapper.RestScore / t);
        var z = scores.Sum(s => Math.Exp(s.Score / t)) + rest;
        var gold = scores.Where(s => a.Gold.Any(g => MappingEvaluator.MatchesWithParentCredit(s.Id, g))).Sum(s => Math.Exp(s.Score / t));
        return -Math.Log((gold > 0 ? gold : Math.Exp(mapper.RestScore / t)) / z);
    });
}
