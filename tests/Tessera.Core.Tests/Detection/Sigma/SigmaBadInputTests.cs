using Tessera.Core.Attack;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Sigma;

namespace Tessera.Core.Tests.Detection.Sigma;

/// <summary>Hand-written fixtures under Fixtures/sigma, one per kind of bad (or unusual) input.</summary>
public sealed class SigmaBadInputTests
{
    private static Task<SigmaParseResult> ParseAsync(string fixture, SigmaParserOptions? options = null) =>
        new SigmaRuleParser(options).ParseFileAsync(Fixtures.Sigma(fixture), fixture, ct: TestContext.Current.CancellationToken);

    [Fact]
    public async Task ParseFileAsync_YamlSyntaxError_ReportsLineAndColumn()
    {
        var result = await ParseAsync("yaml-syntax-error.yml");

        var error = Assert.Single(result.Errors);
        Assert.Equal(DetectionIssueKind.YamlSyntax, error.Kind);
        Assert.Equal("yaml-syntax-error.yml", error.At.File);
        Assert.Equal(8, error.At.Line);
        Assert.NotNull(error.At.Column);
        Assert.Empty(result.Rules);
    }

    [Fact]
    public void Parse_RuleWithoutId_ParsedWithWarningNamingTheKeyItGets()
    {
        const string yaml = "title: Whoami run\nlogsource:\n  category: process_creation\n  product: windows\n" +
            "detection:\n  sel:\n    Image|endswith: '\\whoami.exe'\n  condition: sel\n";

        var result = new SigmaRuleParser().Parse(yaml, "local/whoami.yml");

        var rule = Assert.Single(result.Rules);
        Assert.Null(rule.Id);
        var warning = Assert.Single(rule.Warnings, w => w.Kind == DetectionIssueKind.MissingField);
        Assert.False(warning.IsError);
        Assert.Contains("sigma:local/whoami.yml#0", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParseFileAsync_BillionLaughs_FailsOnNodeLimit()
    {
        var result = await ParseAsync("alias-bomb.yml");

        var error = Assert.Single(result.Errors);
        Assert.Equal(DetectionIssueKind.NodeLimit, error.Kind);
        Assert.Contains("alias", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.At.Line ?? 0, 4, 12); // trips inside the anchor ladder, before the detection is read
    }

    [Fact]
    public async Task ParseFileAsync_DeepNesting_FailsOnDepthLimit()
    {
        var result = await ParseAsync("deep-nesting.yml");

        Assert.Equal(DetectionIssueKind.DepthLimit, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public async Task ParseFileAsync_GlobalCollection_MergesGlobalIntoEachRule()
    {
        var result = await ParseAsync("multi-document-global.yml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(2, result.Rules.Count);
        var first = result.Rules[0];
        Assert.Equal("Suspicious certutil use", first.Title);
        Assert.Equal(new SigmaLogSource { Product = "windows", Category = "process_creation" }, first.LogSource);
        Assert.Equal(["selection_img", "selection_cli"], first.Detection.Searches.Select(s => s.Name));
        Assert.Equal(SigmaLevel.High, first.Level);
        Assert.Equal((0, 1), (first.DocumentIndex, result.Rules[1].DocumentIndex));
        var second = result.Rules[1];
        Assert.Equal("Suspicious certutil use (Security 4688)", second.Title);
        Assert.Equal("security", second.LogSource.Service);
        Assert.Equal("ProcessCommandLine", second.Detection.Searches[1].Groups[0][0].Field);
        Assert.Equal([TechniqueId.Parse("T1105")], second.Tags.Techniques);
    }

    [Fact]
    public async Task ParseFileAsync_CorrelationBundle_RecognisesCorrelationAndBaseRule()
    {
        var result = await ParseAsync("multi-document-correlation.yml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var rule = Assert.Single(result.Rules);
        Assert.Equal("failed_logon", rule.Name);
        var correlation = Assert.Single(result.Correlations);
        Assert.Equal("event_count", correlation.CorrelationType);
        Assert.Equal(["failed_logon"], correlation.Rules);
        Assert.Equal(["IpAddress"], correlation.GroupBy);
        Assert.Equal("5m", correlation.Timespan);
        Assert.Equal([TechniqueId.Parse("T1110")], correlation.Tags.Techniques);
    }

    [Fact]
    public async Task ParseFileAsync_FilterDocument_RecognisesFilter()
    {
        var result = await ParseAsync("filter-rule.yml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Rules);
        var filter = Assert.Single(result.Filters);
        Assert.Equal(["6d2c1f7a-1b3e-4c5d-8e9f-0a1b2c3d4e01"], filter.Rules);
        Assert.Equal("selection", Assert.Single(filter.Detection.Searches).Name);
        Assert.Equal(["not selection"], filter.Detection.Conditions);
    }

    [Fact]
    public async Task ParseFileAsync_UnknownCollectionAction_RejectsFileWithMultiDocumentError()
    {
        var result = await ParseAsync("multi-document-bad-action.yml");

        var error = Assert.Single(result.Errors);
        Assert.Equal(DetectionIssueKind.MultiDocument, error.Kind);
        Assert.Contains("'merge'", error.Message, StringComparison.Ordinal);
        Assert.Equal(6, error.At.Line);
    }

    [Fact]
    public async Task ParseFileAsync_UnknownModifierAndStrayRegexFlag_ReportsBoth()
    {
        var result = await ParseAsync("unknown-modifier.yml");

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal(DetectionIssueKind.UnknownModifier, e.Kind));
        Assert.Contains("'contians'", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal((8, 9), (result.Errors[0].At.Line, result.Errors[0].At.Column));
        Assert.Contains("must follow the 're' modifier", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Equal(9, result.Errors[1].At.Line);
    }

    [Fact]
    public async Task ParseFileAsync_V19TagsWithLoadedAttack_KeepsThemAsWarnings()
    {
        var result = await ParseAsync("v19-technique-tag.yml", new SigmaParserOptions { Attack = TrimmedEnterprise() });

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var rule = Assert.Single(result.Rules);
        Assert.Equal(["T1685", "T1112"], rule.Tags.Techniques.Select(t => t.Value));
        Assert.Equal(
            [TacticRecognition.NewerRelease, TacticRecognition.NewerRelease, TacticRecognition.Unknown],
            rule.Tags.Tactics.Select(t => t.Recognition));
        var unknownTechnique = Assert.Single(rule.Warnings, w => w.Kind == DetectionIssueKind.UnknownTechnique);
        Assert.Contains("T1685", unknownTechnique.Message, StringComparison.Ordinal);
        Assert.Equal(10, unknownTechnique.At.Line);
        Assert.Equal(3, rule.Warnings.Count(w => w.Kind == DetectionIssueKind.UnknownTactic));
        Assert.All(rule.Warnings, w => Assert.Equal(IssueSeverity.Warning, w.Severity));
    }

    // attack.ta9999 was kept as a plain tag without a word, while an unknown technique ID is flagged.
    [Fact]
    public async Task ParseFileAsync_UnknownTacticIdTag_WarnsNamingFileAndTagAndKeepsTheRule()
    {
        var result = await ParseAsync("unknown-tactic-id.yml", new SigmaParserOptions { Attack = TrimmedEnterprise() });

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var rule = Assert.Single(result.Rules);
        var warning = Assert.Single(rule.Warnings);
        Assert.Equal((DetectionIssueKind.UnknownTactic, IssueSeverity.Warning), (warning.Kind, warning.Severity));
        Assert.Equal("unknown-tactic-id.yml:9:7: warning UnknownTactic: tag 'attack.ta9999': tactic TA9999 is not in ATT&CK enterprise-attack@18.1; kept as a tag",
            warning.ToString());
        Assert.Contains("attack.ta9999", rule.Tags.Other);
        Assert.Equal([new SigmaTactic("defense-evasion", TacticRecognition.Known)], rule.Tags.Tactics);
    }

    // attack.ta0006 and attack.TA0043 (tactics the release has) became plain tags without a tactic or a word, and
    // attack.Credential-Access was dropped the same way; every other tactic filter in Tessera accepts IDs and any case.
    [Fact]
    public async Task ParseFileAsync_KnownTacticIdOrMixedCaseTag_ResolvedToTheTacticShortName()
    {
        var result = await ParseAsync("tactic-id-and-case.yml", new SigmaParserOptions { Attack = TrimmedEnterprise() });

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var rule = Assert.Single(result.Rules);
        Assert.Equal(
            [new SigmaTactic("credential-access", TacticRecognition.Known), new SigmaTactic("reconnaissance", TacticRecognition.Known),
                new SigmaTactic("made-up-tactic", TacticRecognition.Unknown)],
            rule.Tags.Tactics);
        Assert.Empty(rule.Tags.Other);
        // An unknown name stays a warning, in any case.
        var warning = Assert.Single(rule.Warnings);
        Assert.Equal("tactic 'Made-Up-Tactic' is not an Enterprise ATT&CK tactic; kept", warning.Message);
        Assert.Equal(11, warning.At.Line);
    }

    [Fact]
    public async Task ParseFileAsync_MalformedTechniqueTags_ReportsEachAsError()
    {
        var result = await ParseAsync("invalid-technique-tag.yml");

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal(DetectionIssueKind.InvalidTechniqueTag, e.Kind));
        Assert.Equal([8, 9], result.Errors.Select(e => e.At.Line ?? 0));
    }

    [Fact]
    public async Task ParseFileAsync_DuplicateKeys_ReportsEveryRepeat()
    {
        var result = await ParseAsync("duplicate-key.yml");

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal(DetectionIssueKind.DuplicateKey, e.Kind));
        Assert.Equal([3, 9], result.Errors.Select(e => e.At.Line ?? 0));
        Assert.Contains("'title'", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParseFileAsync_ManyProblems_CollectsAllErrorsOfTheFile()
    {
        var result = await ParseAsync("many-errors.yml");

        Assert.Equal(
            [
                DetectionIssueKind.MissingField,       // title
                DetectionIssueKind.InvalidValue,       // id
                DetectionIssueKind.InvalidValue,       // status
                DetectionIssueKind.InvalidValue,       // date
                DetectionIssueKind.InvalidValue,       // level
                DetectionIssueKind.InvalidValue,       // related type
                DetectionIssueKind.UnknownSearchIdentifier, // filter_main
            ],
            result.Errors.Select(e => e.Kind).Order());
        Assert.All(result.Errors, e => Assert.NotNull(e.At.Line));
    }

    [Fact]
    public async Task ParseFileAsync_NonCoreYamlTags_AreRejectedNotResolved()
    {
        var result = await ParseAsync("forbidden-tag.yml");

        var forbidden = result.Errors.Where(e => e.Kind == DetectionIssueKind.ForbiddenTag).ToList();
        Assert.Equal([1, 7], forbidden.Select(e => e.At.Line ?? 0));
        Assert.Contains("python/object/apply", forbidden[0].Message, StringComparison.Ordinal);
        Assert.Empty(result.Rules);
    }

    [Fact]
    public void Parse_TextOverSizeCap_IsRejectedBeforeParsing()
    {
        var parser = new SigmaRuleParser(new SigmaParserOptions { MaxFileBytes = 64 });

        var result = parser.Parse("title: " + new string('x', 100), "big.yml");

        Assert.Equal(DetectionIssueKind.TooLarge, Assert.Single(result.Errors).Kind);
    }

    [Theory]
    [InlineData("")]                       // empty file
    [InlineData("# only a comment\n")]     // no document content
    [InlineData("---\n---\n")]             // two empty documents
    public void Parse_NoDocument_ReportsMissingContent(string yaml)
    {
        var result = new SigmaRuleParser().Parse(yaml, "empty.yml");

        Assert.Equal(DetectionIssueKind.MissingField, Assert.Single(result.Errors).Kind);
    }

    private static AttackCollection TrimmedEnterprise()
    {
        var builder = new AttackCollectionBuilder();
        builder.Add(new Tactic { StixId = "x-mitre-tactic--1", AttackId = "TA0005", Name = "Defense Evasion", ShortName = "defense-evasion" });
        builder.Add(new Tactic { StixId = "x-mitre-tactic--2", AttackId = "TA0006", Name = "Credential Access", ShortName = "credential-access" });
        builder.Add(new Tactic { StixId = "x-mitre-tactic--3", AttackId = "TA0043", Name = "Reconnaissance", ShortName = "reconnaissance" });
        builder.Add(new Technique { StixId = "attack-pattern--1", AttackId = "T1112", Name = "Modify Registry", Tactics = ["defense-evasion"] });
        return builder.Build(new CollectionInfo { Domain = AttackDomain.Enterprise, Version = "18.1", Name = "trimmed", StixVersion = "2.1" });
    }
}
