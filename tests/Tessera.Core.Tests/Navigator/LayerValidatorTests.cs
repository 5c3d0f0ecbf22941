using Tessera.Core.Attack;
using Tessera.Core.Navigator;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Navigator;

public sealed class LayerValidatorTests
{
    private static Layer LayerWith(params LayerTechnique[] techniques) => new()
    {
        Name = "v",
        Domain = "enterprise-attack",
        Versions = new LayerVersions { Attack = "18" },
        Techniques = techniques,
    };

    private static LayerTechnique Entry(string id, string? tactic = null) => new() { TechniqueId = TechniqueId.Parse(id), Tactic = tactic };

    [Fact]
    public void Validate_KnownTechniquesAndPairs_ReportsNothing()
    {
        var result = LayerValidator.Validate(LayerWith(Entry("T1059", "execution"), Entry("T1003")), TestCollections.Enterprise181());

        Assert.Empty(result.Issues);
        Assert.Equal(2, result.CheckedTechniques);
    }

    [Fact]
    public void Validate_V19TechniqueAndStealthTactic_FlagsBothWithPaths()
    {
        var layer = LayerWith(Entry("T1059"), Entry("T1685.006", "stealth"));

        var result = LayerValidator.Validate(layer, TestCollections.Enterprise181());

        Assert.Equal(
            [(LayerIssueCode.UnknownTechnique, "techniques[1].techniqueID"), (LayerIssueCode.UnknownTactic, "techniques[1].tactic")],
            result.Issues.Select(i => (i.Code, i.Path)));
        Assert.Equal(["T1685.006"], result.UnknownTechniqueIds.Select(id => id.Value));
        Assert.All(result.Issues, i => Assert.Equal(LayerIssueSeverity.Warning, i.Severity));
    }

    [Fact]
    public void Validate_TechniqueUnderWrongTactic_FlagsTacticMismatch()
    {
        var result = LayerValidator.Validate(LayerWith(Entry("T1003", "execution")), TestCollections.Enterprise181());

        var issue = Assert.Single(result.Issues);
        Assert.Equal(LayerIssueCode.TacticMismatch, issue.Code);
        Assert.Equal("techniques[0].tactic", issue.Path);
        Assert.Contains("credential-access", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RevokedTechnique_FlagsInactive() =>
        Assert.Equal(LayerIssueCode.InactiveTechnique,
            Assert.Single(LayerValidator.Validate(LayerWith(Entry("T1086")), TestCollections.Enterprise181()).Issues).Code);

    [Fact]
    public void Validate_OtherDomainAndRelease_FlagsBothWithPrefix()
    {
        var layer = LayerWith() with { Domain = "mobile-attack", Versions = new LayerVersions { Attack = "17" } };

        var result = LayerValidator.Validate(layer, TestCollections.Enterprise181(), "[2]");

        Assert.Equal(["[2].domain", "[2].versions.attack"], result.Issues.Select(i => i.Path));
    }

    [Fact]
    public async Task Validate_SampleLayerAgainstTestCollection_KeepsEveryTechnique()
    {
        var layer = (await LayerReader.ReadFileAsync(SharedData.Combine("navigator", "sample-art-navigator-layer.json"), TestContext.Current.CancellationToken)).Layer;

        var result = LayerValidator.Validate(layer, TestCollections.Enterprise181());

        Assert.Equal(380, layer.Techniques.Count);
        Assert.Equal(result.UnknownTechniqueIds.Count, result.Issues.Count(i => i.Code == LayerIssueCode.UnknownTechnique));
        Assert.DoesNotContain(result.UnknownTechniqueIds, id => id.Value == "T1059.001");
        Assert.Contains(result.UnknownTechniqueIds, id => id.Value == "T1685");
    }
}
