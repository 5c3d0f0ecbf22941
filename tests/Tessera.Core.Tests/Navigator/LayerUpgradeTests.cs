using Tessera.Core.Navigator;

namespace Tessera.Core.Tests.Navigator;

public sealed class LayerUpgradeTests
{
    private static Task<LayerReadResult> ReadFixture(string name) =>
        LayerReader.ReadFileAsync(NavigatorFixtures.Path("navigator", name), TestContext.Current.CancellationToken);

    [Fact]
    public async Task ReadFileAsync_Layer30_UpgradesVersionDomainStagesAndViewMode()
    {
        var result = await ReadFixture("layer-v3.0.json");

        Assert.True(result.Succeeded, string.Join("\n", result.Issues));
        Assert.Equal("3.0", result.SourceVersion);
        var layer = result.Layer;
        Assert.Equal("enterprise-attack", layer.Domain);
        Assert.Equal(LayerFormat.MinimumNavigatorVersion, layer.Versions.Navigator);
        Assert.Equal(["Windows", "Linux"], layer.Filters!.Platforms);
        Assert.Equal("side", layer.Layout!.Layout);
        Assert.False(layer.Layout.ShowName);
        Assert.Equal(
            ["version", "versions", "versions", "domain", "filters.stages", "viewMode"],
            result.Upgrades.Select(u => u.Path));
        Assert.Contains("\"mitre-enterprise\"", result.Upgrades.Single(u => u.Path == "domain").Change, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadFileAsync_Layer22Mobile_RenamesDomainAndMapsMiniView()
    {
        var result = await ReadFixture("layer-v2.2.json");

        Assert.True(result.Succeeded, string.Join("\n", result.Issues));
        Assert.Equal("mobile-attack", result.Layer.Domain);
        Assert.Equal("mini", result.Layer.Layout!.Layout);
    }

    [Fact]
    public async Task ReadFileAsync_Layer43_RaisesFormatAndNavigatorVersion()
    {
        var result = await ReadFixture("layer-v4.3.json");

        Assert.True(result.Succeeded, string.Join("\n", result.Issues));
        Assert.Equal("4.3", result.SourceVersion);
        Assert.Equal(LayerFormat.MinimumNavigatorVersion, result.Layer.Versions.Navigator);
        Assert.Equal(2, result.Upgrades.Count);
        Assert.Contains("\"layer\": \"4.5\"", LayerWriter.WriteToString(result.Layer), StringComparison.Ordinal);
        Assert.IsType<LayerDivider>(result.Layer.Techniques[0].Links[1]);
    }

    [Fact]
    public void Read_NoVersionAtAll_WarnsAndReadsAs45()
    {
        var result = LayerReader.Read("""{ "name": "bare", "domain": "enterprise-attack" }""");

        Assert.True(result.Succeeded);
        Assert.Contains(result.Warnings, w => w.Code == LayerIssueCode.UnsupportedVersion);
        Assert.NotEmpty(result.Upgrades);
    }
}
