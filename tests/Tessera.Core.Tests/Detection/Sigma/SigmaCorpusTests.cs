using Tessera.Core.Detection;
using Tessera.Core.Detection.Sigma;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Detection.Sigma;

/// <summary>The whole shared SigmaHQ snapshot (rules, rules-emerging-threats, rules-threat-hunting).</summary>
public sealed class SigmaCorpusTests
{
    private static readonly Lazy<Task<SigmaImportResult>> Corpus = new(() =>
        new SigmaFolderImporter().ImportAsync(SharedData.Combine("sigma"), CancellationToken.None));

    [Fact]
    public async Task ImportAsync_SharedCorpus_AcceptsEveryFile()
    {
        var result = await Corpus.Value;

        Assert.Equal(3754, result.FilesScanned);
        Assert.True(result.Rejections.Count == 0, string.Join("\n", result.Rejections.SelectMany(r => r.Errors)));
        Assert.Equal(3754, result.Rules.Count);
        Assert.Empty(result.DuplicateIds);
    }
}
