using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Evaluation;
using Tessera.Core.Alerts.Library;

namespace Tessera.Core.Tests.Alerts.Evaluation;

public sealed class MappingEvaluatorTests(MapperFixture fixture)
{
    [Theory]
    [InlineData("T1059", "T1059", true)]
    [InlineData("T1059.001", "T1059", true)]     // sub-technique predicted, parent gold
    [InlineData("T1059", "T1059.001", true)]     // parent predicted, sub-technique gold
    [InlineData("T1059.003", "T1059.001", false)] // siblings never match
    [InlineData("T1190", "T1059", false)]
    public void MatchesWithParentCredit_Cases(string predicted, string gold, bool expected) =>
        Assert.Equal(expected, MappingEvaluator.MatchesWithParentCredit(predicted, gold));

    [Theory]
    [InlineData("T1685", "T1562.001", true, true)]      // v19 ID predicted, gold in 18.1's numbering
    [InlineData("T1562.001", "T1685", true, true)]      // and the reverse
    [InlineData("T1685", "T1562", true, false)]         // 18.1's parent of the counterpart: parent credit, not exact
    [InlineData("T1685.001", "T1562.001", false, false)] // T1685.001 is T1562.002: a sibling in 18.1 terms
    [InlineData("T1686.003", "T1562.004", false, false)] // Sigma-only ID with no name: no counterpart known
    public void Matches_AcrossNumberings_UsesTheSharedAtomicNames(string predicted, string gold, bool parentCredit, bool exact)
    {
        var newer = fixture.Mapper.Newer;

        Assert.Equal(parentCredit, MappingEvaluator.MatchesWithParentCredit(predicted, gold, newer));
        Assert.Equal(exact, MappingEvaluator.MatchesExactly(predicted, gold, newer));
        Assert.False(MappingEvaluator.MatchesWithParentCredit("T1685", "T1562.001")); // without the names they differ
    }

    [Fact]
    public void Evaluate_TinyHandMadeSet_ComputesEachAccuracy()
    {
        var predictions = new Dictionary<string, string[]>
        {
            ["a"] = ["T1190", "T1059"],                                   // exact top-1
            ["b"] = ["T1059", "T1105"],                                   // parent of gold T1059.001: top-1 with credit, not exact
            ["c"] = ["T1003", "T1110", "T1046", "T1595", "T1566.001"],    // gold T1566.001 at rank 5: top-5 exact
            ["d"] = ["T1486"],                                            // wrong
        };
        var alerts = new[]
        {
            new LabelledAlert(Alert.FromTitle("a", "a"), ["T1190"]),
            new LabelledAlert(Alert.FromTitle("b", "b"), ["T1059.001"]),
            new LabelledAlert(Alert.FromTitle("c", "c"), ["T1566.001"]),
            new LabelledAlert(Alert.FromTitle("d", "d"), ["T1021"]),
        };

        var report = MappingEvaluator.Evaluate(alerts, a => predictions[a.Id]);

        Assert.Equal(4, report.Alerts);
        Assert.Equal(0.50, report.Top1);      // a, b
        Assert.Equal(0.75, report.Top5);      // a, b, c
        Assert.Equal(0.25, report.ExactTop1); // a
        Assert.Equal(0.50, report.ExactTop5); // a, c
    }

    [Fact]
    public async Task ReadAsync_LabelledLines_CollectsErrorsPerLineAndSkipsBlankOnes()
    {
        const string text = """
            {"id":"1","title":"ET EXPLOIT Apache Struts RCE","gold":["T1190"]}
            {"id":"2","title":"No gold here"}

            {"id":"4","title":"Bad gold","gold":["X1"]}
            """;
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));

        var lines = await LabelledAlertReader.ReadAsync(stream, ct: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal([1, 2, 4], lines.Select(l => l.Number));
        Assert.Equal("1", lines[0].Alert!.Alert.Id);
        Assert.Equal([2, 4], lines.Where(l => l.Alert is null).SelectMany(l => l.Errors).Select(e => e.Line));
    }

    // One malformed ID among good ones rejects the line: it is never both evaluated and counted as rejected.
    [Fact]
    public void ReadLine_OneBadGoldIdAmongGoodOnes_RejectsTheLineNamingEachBadId()
    {
        var (alert, errors) = LabelledAlertReader.ReadLine("""{"id":"2","title":"Encoded PowerShell","gold":["T1059.001","bogus","X1"]}""", 2, "lab.jsonl");

        Assert.Null(alert);
        Assert.Equal(["lab.jsonl:line 2 (gold): 'bogus' is not a technique ID", "lab.jsonl:line 2 (gold): 'X1' is not a technique ID"],
            errors.Select(e => e.ToString()));
    }

    // "gold": "T1190" (a string, not an array) was reported as 'missing or empty "gold" array'.
    [Theory]
    [InlineData("\"gold\":\"T1190\"", "\"gold\" is a string, not an array; expected an array of technique ID strings, e.g. \"gold\": [\"T1190\"]")]
    [InlineData("\"gold\":{\"id\":\"T1190\"}", "\"gold\" is an object, not an array; expected an array of technique ID strings, e.g. \"gold\": [\"T1190\"]")]
    [InlineData("\"gold\":[]", "\"gold\" is an empty array; expected an array of technique ID strings, e.g. \"gold\": [\"T1190\"], with at least one ID")]
    [InlineData("\"gold\":[1190]", "\"gold\" holds a number; expected an array of technique ID strings, e.g. \"gold\": [\"T1190\"]")] // an ID without its T
    [InlineData("\"other\":1", "no \"gold\" field; expected an array of technique ID strings, e.g. \"gold\": [\"T1190\"]")]
    public void ReadLine_GoldOfTheWrongShape_NamesFileLineFieldAndTheExpectedShape(string gold, string message)
    {
        var (alert, errors) = LabelledAlertReader.ReadLine($$"""{"id":"4","title":"ET EXPLOIT Apache Struts RCE",{{gold}}}""", 4, "lab.jsonl");

        Assert.Null(alert);
        Assert.Equal($"lab.jsonl:line 4 (gold): {message}", Assert.Single(errors).ToString());
    }

    [Fact]
    public async Task Replay_SameTitlesTwice_SecondPassIsAllExactLibraryHits()
    {
        var library = new AlertLibrary(new InMemoryAlertLibraryStore(), TimeProvider.System);
        var mapper = fixture.Mapper.WithLibrary(library);
        var lines = new[]
        {
            new LabelledAlert(Alert.FromTitle("Vendor X appliance odd thing 1"), ["T1133"]),
            new LabelledAlert(Alert.FromTitle("Another unusual product message"), ["T1498"]),
            new LabelledAlert(Alert.FromTitle("Weird internal tool event"), ["T1078.002"]),
        };

        var first = await LibraryReplayer.ReplayAsync(mapper, lines, 2, "test", TestContext.Current.CancellationToken);
        var second = await LibraryReplayer.ReplayAsync(mapper, lines, 2, "test", TestContext.Current.CancellationToken);

        Assert.Equal([2, 1], first.Windows.Select(w => w.Report.Alerts));
        Assert.True(first.Overall.ExactTop1 < 1.0);
        Assert.Equal(1.0, second.Overall.ExactTop1);
        Assert.Equal(3, second.TopOrigins[SuggestionOrigin.Analyst]);
    }
}
