using Tessera.Core.Alerts;

namespace Tessera.Core.Tests.Alerts;

/// <summary>A cloud, SaaS or container platform named in a title steers the ranking away from endpoint-only techniques.</summary>
public sealed class PlatformPenaltyTests(MapperFixture fixture)
{
    [Theory]
    [InlineData("AWS Key Pair Import Activity", "AWS", "IaaS")]
    [InlineData("Okta Admin Role Assigned to an User or Group", "identity provider", "Identity Provider")]
    [InlineData("Kubernetes Pod Created in Kube-System Namespace", "containers", "Containers")]
    [InlineData("Shai-Hulud Malware Indicators - Linux", "Linux", "Linux")]
    [InlineData("Persistence Via Launch Agent Plist Creation", "macOS", "macOS")] // OS words count despite endpoint words
    public void Decompose_TitleNamingCloudPlatform_HasPlatformPart(string title, string name, string platform)
    {
        var mapping = fixture.Mapper.Map(Alert.FromTitle(title));

        var part = Assert.Single(mapping.Parts.Platforms);
        Assert.Equal(name, part.Name);
        Assert.Contains(platform, part.Connotation);
        Assert.Contains($"Platform: {name} (", mapping.Summary);
    }

    [Theory]
    [InlineData("Renamed Microsoft Teams Execution")]          // the Teams client on a host
    [InlineData("Potential Amazon SSM Agent Hijacking")]       // an agent on a host
    [InlineData("Potentially Suspicious Azure Front Door Connection")] // traffic, not the tenant
    [InlineData("Suspicious Dropbox API Usage")]               // file-sharing services are no platform words
    public void Decompose_EndpointTitleNamingCloudProduct_NoPlatformPart(string title)
    {
        Assert.Empty(fixture.Mapper.Map(Alert.FromTitle(title)).Parts.Platforms);
    }

    [Fact]
    public void Rank_CloudTitle_FewerEndpointOnlyTechniquesThanWithoutPenalty()
    {
        var alert = Alert.FromTitle("AWS Key Pair Import Activity");
        int EndpointOnly(IReadOnlyList<string> ids) => ids.Count(id =>
            fixture.Mapper.Attack.FindTechnique(id) is { } t && !t.Platforms.Contains("IaaS"));

        var without = EndpointOnly(fixture.Mapper.WithPlatformPenalty(1).Rank(alert, 5));
        var with = EndpointOnly(fixture.Mapper.Rank(alert, 5));

        Assert.True(with < without, $"endpoint-only techniques in the top 5: {with} with the penalty, {without} without");
    }

    [Fact]
    public void Map_PenalisedCandidate_ExplainsThePlatform()
    {
        var mapping = fixture.Mapper.WithPlatformPenalty(0.99).Map(Alert.FromTitle("AWS Key Pair Import Activity"), 20);

        Assert.Contains(mapping.Techniques.SelectMany(t => t.Why), w => w.Contains("not IaaS (AWS in the title)", StringComparison.Ordinal));
    }
}
