using Tessera.Core.Attack;
using Tessera.Core.Dettect;
using Tessera.Core.Navigator;
using Tessera.Core.Tests.Attack;
using Tessera.Core.Threats;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Threats;

public sealed class ThreatProfilesTests(AttackBundlesFixture bundles)
{
    private IReadOnlyList<ThreatProfile> Enterprise => ThreatProfiles.FromAttack(bundles.Enterprise181);

    [Fact]
    public void FromAttack_Enterprise181_OneProfilePerActiveGroupAndCampaign()
    {
        var attack = bundles.Enterprise181;

        var profiles = Enterprise;

        Assert.Equal(attack.Groups.Count(g => g.IsActive), profiles.Count(p => p.Kind == ThreatProfileKind.Group));
        Assert.Equal(attack.Campaigns.Count(c => c.IsActive), profiles.Count(p => p.Kind == ThreatProfileKind.Campaign));
        Assert.All(profiles, p => Assert.Equal("enterprise-attack@18.1", p.Source));
    }

    [Fact]
    public void FromAttack_Apt29_AliasesWithoutItsOwnName()
    {
        var apt29 = Enterprise.Single(p => p.Id == "G0016");

        Assert.Contains("Cozy Bear", apt29.Aliases);
        Assert.Contains("NOBELIUM", apt29.Aliases);
        // ATT&CK lists "APT29" as the first alias of APT29.
        Assert.DoesNotContain("APT29", apt29.Aliases);
        Assert.Equal(apt29.Aliases.Count, apt29.Aliases.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void FromAttack_Apt29_IncludesAttributedCampaignTechniques()
    {
        var profiles = Enterprise;
        var apt29 = profiles.Single(p => p.Id == "G0016");
        var solarWinds = profiles.Single(p => p.Id == "C0024");

        // 66 direct uses plus SolarWinds Compromise (C0024) and Operation Ghost (C0023): 119 distinct techniques.
        Assert.Equal(119, apt29.Techniques.Count);
        Assert.All(solarWinds.Techniques, t => Assert.Contains(apt29.Techniques, a => a.Id == t.Id));
        Assert.Equal(apt29.Techniques.OrderBy(t => t.Id).Select(t => t.Id), apt29.Techniques.Select(t => t.Id));
    }

    [Fact]
    public void FromAttack_CampaignUse_DatedNoEarlierThanCampaignLastSeen()
    {
        var solarWinds = Enterprise.Single(p => p.Id == "C0024");
        var lastSeen = bundles.Enterprise181.Campaigns.Single(c => c.AttackId == "C0024").LastSeen;

        Assert.NotNull(lastSeen);
        Assert.All(solarWinds.Techniques, t => Assert.True(t.LastSeen >= lastSeen, $"{t.Id} dated {t.LastSeen}"));
    }

    [Fact]
    public void FromAttack_GroupUses_MostlyDatedFromCitations()
    {
        var groups = Enterprise.Where(p => p.Kind == ThreatProfileKind.Group).SelectMany(p => p.Techniques).ToList();

        // 98.6% of 18.1's group/campaign uses cite a dated report; a drop means citation parsing broke.
        Assert.True(groups.Count(t => t.LastSeen is not null) > 0.95 * groups.Count);
        Assert.All(groups.Where(t => t.LastSeen is not null), t => Assert.InRange(t.LastSeen!.Value.Year, 1990, 2026));
    }

    [Fact]
    public void FromAttack_DerivedTags_Apt29GovernmentEuropeApt38Financial()
    {
        var profiles = Enterprise;

        var apt29 = profiles.Single(p => p.Id == "G0016");
        Assert.Contains("government", apt29.Sectors);
        Assert.Contains("europe", apt29.Regions);
        Assert.Contains("financial", profiles.Single(p => p.Id == "G0082").Sectors);
    }

    [Fact]
    public void FromAttack_Techniques_AllResolveToActiveTechniques()
    {
        var attack = bundles.Enterprise181;

        Assert.All(Enterprise.SelectMany(p => p.Techniques), t => Assert.True(attack.FindTechnique(t.Id) is { IsActive: true }, t.Id.Value));
    }

    [Fact]
    public async Task FromDettect_SampleGroups_OneProfilePerEnabledEntry()
    {
        var read = await DettectReader.ReadFileAsync(SharedData.Combine("dettect", "sample-data", "groups.yaml"), TestContext.Current.CancellationToken);
        var file = Assert.IsType<GroupAdministration>(read.Document);

        var import = ThreatProfiles.FromDettect(file);

        Assert.True(import.Succeeded);
        Assert.Equal(file.Groups.Count(g => g.Enabled), import.Profiles.Count);
        Assert.Equal(file.Groups.Count(g => !g.Enabled), import.Skipped);
        var scenario = import.Profiles.Single(p => p.Name == "Red team / Scenario 1");
        Assert.Equal(ThreatProfileKind.Custom, scenario.Kind);
        Assert.Contains(scenario.Techniques, t => t.Id.Value == "T1566.002");
        Assert.All(scenario.Techniques, t => Assert.Null(t.LastSeen));
    }

    [Fact]
    public void FromLayer_RealLayer_TakesEnabledScoredTechniques()
    {
        var layer = LayerReader.Read(File.ReadAllText(SharedData.Combine("navigator", "sample-art-navigator-layer.json"))).Layer;
        var expected = layer.Techniques.Where(t => t.Enabled != false && t.Score is not 0).Select(t => t.TechniqueId).Distinct().Count();

        var import = ThreatProfiles.FromLayer(layer);

        var profile = Assert.Single(import.Profiles);
        Assert.Equal(expected, profile.Techniques.Count);
        Assert.True(profile.Techniques.Count > 200);
        Assert.Equal("custom:" + layer.Name, profile.Id);
    }

    [Fact]
    public void FromLayer_DisabledAndZeroScored_AreSkipped()
    {
        var layer = new Layer
        {
            Name = "red team", Domain = "enterprise-attack",
            Techniques =
            [
                new LayerTechnique { TechniqueId = TechniqueId.Parse("T1059"), Score = 1 },
                new LayerTechnique { TechniqueId = TechniqueId.Parse("T1003"), Score = 0 },
                new LayerTechnique { TechniqueId = TechniqueId.Parse("T1005"), Enabled = false },
                new LayerTechnique { TechniqueId = TechniqueId.Parse("T1685") },
            ],
        };

        var import = ThreatProfiles.FromLayer(layer);

        Assert.Equal(["T1059", "T1685"], import.Profiles.Single().Techniques.Select(t => t.Id.Value));
        Assert.Equal(2, import.Skipped);
    }

    [Fact]
    public void FromIdList_MixedSeparatorsAndComments_ParsesAndMergesDuplicates()
    {
        var import = ThreatProfiles.FromIdList("Scattered", "# our red team\nT1059.001, t1003;T1059.001\n\nT1685 T1566");

        var profile = Assert.Single(import.Profiles);
        Assert.Equal(["T1003", "T1059.001", "T1566", "T1685"], profile.Techniques.Select(t => t.Id.Value));
        Assert.Equal("custom:Scattered", profile.Id);
    }

    [Fact]
    public void FromIdList_BadFixture_ReportsEveryBadTokenWithLineAndReturnsNothing()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "threats", "bad-id-list.txt"));

        var import = ThreatProfiles.FromIdList("bad", text, "bad-id-list.txt");

        Assert.Empty(import.Profiles);
        Assert.Equal([(2, "G0016"), (3, "T105"), (5, "TA0002")], import.Issues.Select(i => (i.At.Line!.Value, i.Message.Split('\'')[1])));
        Assert.All(import.Issues, i => Assert.Equal("bad-id-list.txt", i.At.File));
    }

    [Theory]
    [InlineData("", "T1059")] // nameless profile
    [InlineData("x", "# only a comment")] // no IDs at all
    public void FromIdList_NoNameOrNoIds_Fails(string name, string text) =>
        Assert.False(ThreatProfiles.FromIdList(name, text).Succeeded);

    [Fact]
    public void FromIdList_OversizedText_FailsWithoutParsing()
    {
        var import = ThreatProfiles.FromIdList("big", new string('T', ThreatProfiles.MaxIdListChars + 1));

        Assert.Contains("exceeds", Assert.Single(import.Issues).Message);
    }

    [Fact]
    public void WithTags_ManualTags_NormalisedAndMerged()
    {
        var profile = ThreatProfiles.FromIdList("p", "T1059").Profiles.Single().WithTags(["Financial", " financial "], ["EUROPE"]);

        Assert.Equal(["financial"], profile.Sectors);
        Assert.Equal(["europe"], profile.Regions);
    }
}
