using Tessera.Core.Attack;
using Tessera.Core.Runbooks;
using Tessera.Core.Tests.Attack;

namespace Tessera.Core.Tests.Runbooks;

public sealed class RunbookLibraryTests(AttackBundlesFixture bundles)
{
    private static readonly DateTimeOffset Day = new(2025, 8, 1, 0, 0, 0, TimeSpan.Zero);

    private static RunbookEntry Entry(string title, RunbookScope scope, string target, int daysOld = 0, string markdown = "Steps") => new()
    {
        Id = Guid.NewGuid(), Title = title, Scope = scope, Target = target, Markdown = markdown, Owner = "soc", Updated = Day.AddDays(-daysOld),
    };

    [Fact]
    public void For_SubtechniqueOfRealRelease_OwnThenParentThenTacticNewestFirst()
    {
        var powershell = bundles.Enterprise181.FindTechnique("T1059.001")!;
        var library = new RunbookLibrary(
        [
            Entry("execution old", RunbookScope.Tactic, "execution", daysOld: 9),
            Entry("execution new", RunbookScope.Tactic, "Execution", daysOld: 1),
            Entry("interpreter", RunbookScope.Technique, "T1059"),
            Entry("powershell", RunbookScope.Technique, "t1059.001"),
            Entry("dumping", RunbookScope.Technique, "T1003"),
        ]);

        var matches = library.For(powershell);

        Assert.Equal(["powershell", "interpreter", "execution new", "execution old"], matches.Select(m => m.Entry.Title));
        Assert.Equal([RunbookMatchReason.Technique, RunbookMatchReason.ParentTechnique, RunbookMatchReason.Tactic, RunbookMatchReason.Tactic], matches.Select(m => m.Reason));
    }

    [Fact]
    public void For_UnknownTacticAndTechnique_StillMatchedByTarget()
    {
        // v19 content: T1685 and the "stealth" tactic are unknown to 18.1 but runbooks for them are kept.
        var library = new RunbookLibrary([Entry("stealth", RunbookScope.Tactic, "stealth"), Entry("new", RunbookScope.Technique, "T1685")]);

        Assert.Equal(["new", "stealth"], library.For(TechniqueId.Parse("T1685"), ["stealth"]).Select(m => m.Entry.Title));
    }

    [Fact]
    public void For_Match_CarriesSafeHtml()
    {
        var library = new RunbookLibrary([Entry("x", RunbookScope.Technique, "T1003", markdown: "<script>alert(1)</script> **dump**")]);

        Assert.Equal("<p>&lt;script&gt;alert(1)&lt;/script&gt; <strong>dump</strong></p>\n", library.For(TechniqueId.Parse("T1003"), []).Single().Html);
    }

    [Theory]
    [InlineData(RunbookScope.Technique, "T1059", "soc", "t", 0)]
    [InlineData(RunbookScope.Technique, "TA0002", "soc", "t", 1)] // a tactic ID is not a technique
    [InlineData(RunbookScope.Tactic, "Credential Access", "soc", "t", 1)] // display name instead of short name
    [InlineData(RunbookScope.Tactic, "credential-access", "", "", 2)] // missing owner and title
    public void Validate_Entry_ReportsProblems(RunbookScope scope, string target, string owner, string title, int problems) =>
        Assert.Equal(problems, (Entry(title, scope, target) with { Owner = owner }).Validate().Count);

    [Fact]
    public void Validate_OversizedMarkdown_Rejected() =>
        Assert.Single((Entry("t", RunbookScope.Technique, "T1059") with { Markdown = new string('x', RunbookEntry.MaxMarkdownChars + 1) }).Validate());
}
