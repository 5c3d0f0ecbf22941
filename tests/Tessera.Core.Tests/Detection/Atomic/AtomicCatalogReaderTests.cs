using Tessera.Core.Attack;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Atomic;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Detection.Atomic;

public sealed class AtomicCatalogReaderTests
{
    private static readonly Lazy<Task<AtomicCatalogResult>> Folder = new(() =>
        AtomicCatalogReader.ReadFolderAsync(SharedData.Combine("atomic-red-team", "atomics"), CancellationToken.None));

    private static readonly Lazy<Task<AtomicCatalogResult>> Index = new(() =>
        AtomicCatalogReader.ReadIndexCsvAsync(SharedData.Combine("atomic-red-team", "atomics", "Indexes", "Indexes-CSV", "index.csv"), CancellationToken.None));

    [Fact]
    public async Task ReadFolderAsync_SharedAtomics_LoadsEveryTechniqueAndTest()
    {
        var result = await Folder.Value;

        Assert.True(result.IsComplete, string.Join("\n", result.Errors));
        Assert.Equal(341, result.ItemsScanned);
        Assert.Equal(341, result.Catalog.Techniques.Count);
        Assert.Equal(1819, result.Catalog.TestCount);
    }

    [Fact]
    public async Task ReadIndexCsvAsync_SharedIndex_FoldsTacticRowsIntoSameCounts()
    {
        var result = await Index.Value;

        Assert.True(result.IsComplete, string.Join("\n", result.Errors));
        Assert.Equal(2301, result.ItemsScanned); // one row per tactic x test
        Assert.Equal(341, result.Catalog.Techniques.Count);
        Assert.Equal(1819, result.Catalog.TestCount);
    }

    [Fact]
    public async Task ReadFolderAsync_LsassComsvcsTest_MatchesPythonReading()
    {
        var catalog = (await Folder.Value).Catalog;

        var test = catalog.FindTest(Guid.Parse("2536dee2-12fb-459a-8c37-971844fa73be"));

        Assert.NotNull(test);
        Assert.Equal((TechniqueId.Parse("T1003.001"), 2, "Dump LSASS.exe Memory using comsvcs.dll"), (test.Technique, test.Number, test.Name));
        Assert.Equal(["windows"], test.SupportedPlatforms);
        Assert.Equal(("powershell", true), (test.Executor.Name, test.Executor.ElevationRequired));
        Assert.Empty(test.InputArguments);
        var technique = Assert.Single(catalog.Techniques, t => t.Technique.Value == "T1003.001");
        Assert.Equal(("OS Credential Dumping: LSASS Memory", 14, "T1003.001/T1003.001.yaml"), (technique.DisplayName, technique.Tests.Count, technique.File));
    }

    [Fact]
    public async Task ReadFolderAndIndex_SharedData_AgreeOnEveryTest()
    {
        var folder = (await Folder.Value).Catalog;
        var index = (await Index.Value).Catalog;

        Assert.All(index.Techniques.SelectMany(t => t.Tests), indexed =>
        {
            var full = folder.FindTest(indexed.Guid);
            Assert.NotNull(full);
            Assert.Equal((indexed.Technique, indexed.Number, indexed.Name, indexed.Executor.Name), (full.Technique, full.Number, full.Name, full.Executor.Name));
        });
    }

    [Fact]
    public async Task ReadFolderAsync_NewerTechniqueId_IsKept()
    {
        var catalog = (await Folder.Value).Catalog;

        Assert.Contains(catalog.Techniques, t => t.Technique.Value == "T1685"); // a v19 ID absent from Enterprise 18.1
    }

    [Fact]
    public void ParseTechnique_UnclosedFlowSequence_YamlSyntaxErrorWithLine()
    {
        const string yaml = "attack_technique: T1059.001\ndisplay_name: x\natomic_tests:\n- name: t\n  supported_platforms: [windows\n  executor:\n    name: powershell\n";

        var (technique, errors) = AtomicCatalogReader.ParseTechnique(yaml, "T1059.001.yaml");

        Assert.Null(technique);
        var error = Assert.Single(errors);
        Assert.Equal((DetectionIssueKind.YamlSyntax, "T1059.001.yaml", 6), (error.Kind, error.At.File, error.At.Line));
    }

    [Fact]
    public void ParseTechnique_BadFile_CollectsEveryError()
    {
        var (technique, errors) = AtomicCatalogReader.ParseTechnique(File.ReadAllText(Fixtures.Atomic("bad-technique.yaml")), "bad-technique.yaml");

        Assert.Null(technique);
        Assert.Equal(
            [
                (DetectionIssueKind.InvalidTechniqueTag, 1), // T1059.01
                (DetectionIssueKind.InvalidValue, 12),       // elevation_requried
                (DetectionIssueKind.MissingField, 13),       // auto_generated_guid
                (DetectionIssueKind.MissingField, 13),       // supported_platforms
                (DetectionIssueKind.InvalidValue, 16),       // executor 'cmd'
            ],
            errors.Select(e => (e.Kind, e.At.Line ?? 0)).OrderBy(e => e.Item2).ThenBy(e => e.Kind));
    }
}
