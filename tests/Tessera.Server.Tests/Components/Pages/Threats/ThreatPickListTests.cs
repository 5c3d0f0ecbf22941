using Tessera.Core.Threats;
using Tessera.Server.Components.Pages.Threats;
using static Tessera.Server.Tests.Components.Pages.Threats.ThreatTestProfiles;

namespace Tessera.Server.Tests.Components.Pages.Threats;

public sealed class ThreatPickListTests
{
    private static readonly IReadOnlyList<ThreatProfile> Profiles =
    [
        Campaign("C0001", "Frankenstein"),
        Campaign("C0024", "SolarWinds Compromise"),
        Group("G0046", "FIN7", "GOLD NIAGARA", "Carbon Spider"),
        Group("G0016", "APT29", "Cozy Bear", "NOBELIUM", "Midnight Blizzard"),
        Group("G0007", "APT28", "Fancy Bear"),
        Group("G0102", "Wizard Spider", "UNC1878"),
    ];

    private static HashSet<string> None => new(StringComparer.Ordinal);

    [Fact]
    public void Sections_NothingSelected_GroupsThenCampaignsEachByName()
    {
        var sections = ThreatPickList.Sections(Profiles, None, "");

        Assert.Equal(["Groups", "Campaigns"], sections.Select(s => s.Title));
        Assert.Equal(["APT28", "APT29", "FIN7", "Wizard Spider"], sections[0].Profiles.Select(p => p.Name));
        Assert.Equal(["Frankenstein", "SolarWinds Compromise"], sections[1].Profiles.Select(p => p.Name));
    }

    [Fact]
    public void Sections_CampaignAndGroupSelected_SelectedOnTopGroupFirstAndNotRepeated()
    {
        var selected = new HashSet<string>(["C0024", "G0102"], StringComparer.Ordinal);

        var sections = ThreatPickList.Sections(Profiles, selected, "");

        Assert.Equal(["Selected", "Groups", "Campaigns"], sections.Select(s => s.Title));
        Assert.Equal(["G0102", "C0024"], sections[0].Profiles.Select(p => p.Id));
        Assert.DoesNotContain(sections.Skip(1).SelectMany(s => s.Profiles), p => selected.Contains(p.Id));
    }

    [Fact]
    public void Sections_SearchMissesSelected_SelectedStillListed()
    {
        var selected = new HashSet<string>(["C0001"], StringComparer.Ordinal);

        var sections = ThreatPickList.Sections(Profiles, selected, "bear");

        Assert.Equal(["Selected", "Groups"], sections.Select(s => s.Title));
        Assert.Equal(["C0001"], sections[0].Profiles.Select(p => p.Id));
    }

    [Theory]
    [InlineData("cozy bear", "G0016")] // alias, other case
    [InlineData("NOBELium", "G0016")] // alias, mixed case
    [InlineData("g0016", "G0016")] // ID, lower case
    [InlineData("apt29", "G0016")] // name, lower case
    [InlineData("carbon", "G0046")] // part of an alias
    [InlineData("  Fancy Bear ", "G0007")] // pasted with spaces
    [InlineData("solarwinds", "C0024")] // campaign name
    public void Sections_Search_MatchesIdNameOrAliasIgnoringCase(string search, string expected)
    {
        var listed = ThreatPickList.Sections(Profiles, None, search).SelectMany(s => s.Profiles).Select(p => p.Id);

        Assert.Equal([expected], listed);
    }

    [Fact]
    public void Sections_SearchMatchesNothing_NoSections()
    {
        Assert.Empty(ThreatPickList.Sections(Profiles, None, "Lazarus"));
    }

    [Fact]
    public void Sections_Enterprise181_EachSectionCappedAndRestCounted()
    {
        var profiles = Enterprise181;

        var sections = ThreatPickList.Sections(profiles, None, "");

        var groups = sections.Single(s => s.Title == "Groups");
        Assert.Equal(ThreatPickList.SectionLimit, groups.Profiles.Count);
        Assert.Equal(profiles.Count(p => p.Kind == ThreatProfileKind.Group) - ThreatPickList.SectionLimit, groups.Hidden);
        Assert.All(groups.Profiles, p => Assert.Equal(ThreatProfileKind.Group, p.Kind));
        Assert.Equal(groups.Profiles.Select(p => p.Name).Order(StringComparer.OrdinalIgnoreCase), groups.Profiles.Select(p => p.Name));
    }

    [Fact]
    public void Sections_Enterprise181CozyBear_FindsApt29()
    {
        var sections = ThreatPickList.Sections(Enterprise181, None, "Cozy Bear");

        var section = Assert.Single(sections);
        Assert.Equal("Groups", section.Title);
        Assert.Equal("G0016", Assert.Single(section.Profiles).Id);
    }
}
