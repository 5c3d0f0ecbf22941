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

    [Fact]
    public async Task ImportAsync_SharedCorpus_SplitsTagsAsPythonCounts()
    {
        var result = await Corpus.Value;

        // Python: distinct attack.tNNNN tags per rule summed over the corpus.
        Assert.Equal(4472, result.Rules.Sum(r => r.Tags.Techniques.Count));
        Assert.Equal(1083, result.Rules.Count(r => r.Tags.Tactics.Any(t => t.ShortName == "stealth")));
        Assert.Equal(413, result.Rules.Count(r => r.Tags.Tactics.Any(t => t.ShortName == "defense-impairment")));
        Assert.All(result.Rules.SelectMany(r => r.Tags.Tactics).Where(t => t.ShortName is "stealth" or "defense-impairment"),
            t => Assert.Equal(TacticRecognition.NewerRelease, t.Recognition));
        Assert.Equal(1083 + 413, result.Warnings.Count(w => w.Kind == DetectionIssueKind.UnknownTactic));
    }

    [Fact]
    public async Task ImportAsync_SharedCorpus_ReadsRelatedRulesAndFolders()
    {
        var result = await Corpus.Value;

        var related = result.Rules.SelectMany(r => r.Related).GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(925, related[SigmaRelationType.Similar]);
        Assert.Equal(288, related[SigmaRelationType.Derived]);
        Assert.Equal(163, related[SigmaRelationType.Obsolete]);
        Assert.Equal(1, related[SigmaRelationType.Merged]);
        Assert.Equal(1183, result.Rules.Count(r => r.RelativeFolder == "rules/windows/process_creation"));
        Assert.All(result.Rules, r => Assert.NotNull(r.Id));
    }
}
