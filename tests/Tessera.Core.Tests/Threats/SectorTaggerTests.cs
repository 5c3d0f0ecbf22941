using Tessera.Core.Threats;

namespace Tessera.Core.Tests.Threats;

public sealed class SectorTaggerTests
{
    [Fact]
    public void Derive_VictimSentence_TagsSectorsAndRegions()
    {
        var (sectors, regions) = SectorTagger.Derive("The group has targeted banks and hospitals in Germany and Japan.");

        Assert.Equal(["financial", "healthcare"], sectors);
        Assert.Equal(["asia", "europe"], regions);
    }

    [Fact]
    public void Derive_OriginSentenceWithoutVictims_DoesNotTagOrigin()
    {
        var (sectors, regions) = SectorTagger.Derive(
            "[X](https://attack.mitre.org/groups/G9999) is a North Korean state-sponsored group based in Asia. It has targeted energy companies.");

        Assert.Equal(["energy"], sectors);
        Assert.Empty(regions);
    }

    [Fact]
    public void Derive_NonGovernmentalOrganisations_TagsNgoNotGovernment()
    {
        var (sectors, _) = SectorTagger.Derive("It targeted non-governmental organizations and think tanks.");

        Assert.Equal(["ngo"], sectors);
    }

    [Fact]
    public void Derive_LowerCaseUs_DoesNotTagNorthAmerica()
    {
        var (_, regions) = SectorTagger.Derive("The group targeted many of us in the region.");

        Assert.Empty(regions);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("A group that uses PowerShell.")] // no victim sentence at all
    public void Derive_NothingAboutVictims_ReturnsNoTags(string? text)
    {
        var (sectors, regions) = SectorTagger.Derive(text);

        Assert.Empty(sectors);
        Assert.Empty(regions);
    }
}
