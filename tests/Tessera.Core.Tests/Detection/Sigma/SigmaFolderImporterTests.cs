using Tessera.Core.Detection;
using Tessera.Core.Detection.Sigma;

namespace Tessera.Core.Tests.Detection.Sigma;

public sealed class SigmaFolderImporterTests
{
    [Fact]
    public async Task ImportAsync_DuplicateRuleIds_RejectsLaterFileNamingBoth()
    {
        var result = await new SigmaFolderImporter().ImportAsync(Fixtures.Sigma("duplicate-ids"), TestContext.Current.CancellationToken);

        Assert.Equal(3, result.FilesScanned); // readme.txt is not a rule file
        Assert.Equal(["Unrelated rule", "First rule with the shared id"], result.Rules.Select(r => r.Title));
        var duplicate = Assert.Single(result.DuplicateIds);
        Assert.Equal(("windows/first.yml", "windows/second.yml"), (duplicate.FirstFile, duplicate.SecondFile));
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal("windows/second.yml", rejection.File);
        var error = Assert.Single(rejection.Errors);
        Assert.Equal(DetectionIssueKind.DuplicateId, error.Kind);
        Assert.Contains("windows/first.yml", error.Message, StringComparison.Ordinal);
        Assert.False(result.IsComplete);
        Assert.Equal(2, result.FilesAccepted);
    }

    [Fact]
    public async Task ImportAsync_UnclosedFlowSequence_RejectsThatFileWithItsLineAndImportsTheRest()
    {
        var result = await new SigmaFolderImporter().ImportAsync(Fixtures.Sigma("unclosed-flow"), TestContext.Current.CancellationToken);

        Assert.Equal(["Unrelated rule"], result.Rules.Select(r => r.Title));
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal("unclosed.yml", rejection.File);
        var error = Assert.Single(rejection.Errors);
        Assert.Equal((DetectionIssueKind.YamlSyntax, 7), (error.Kind, error.At.Line));
        Assert.Contains("'[' opened at line 6, column 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_MissingFolder_Throws() =>
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            new SigmaFolderImporter().ImportAsync(Fixtures.Sigma("no-such-folder"), TestContext.Current.CancellationToken));
}
