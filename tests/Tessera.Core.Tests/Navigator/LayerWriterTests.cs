using System.Text.Json.Nodes;
using Tessera.Core.Attack;
using Tessera.Core.Navigator;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Navigator;

public sealed class LayerWriterTests
{
    private static string SampleLayer => SharedData.Combine("navigator", "sample-art-navigator-layer.json");

    [Fact]
    public async Task WriteToString_SampleLayer_RoundTripsToSameJson()
    {
        var original = await File.ReadAllTextAsync(SampleLayer, TestContext.Current.CancellationToken);
        var first = LayerReader.Read(original).Layer;

        var written = LayerWriter.WriteToString(first);
        var second = LayerReader.Read(written).Layer;

        Assert.Equal(written, LayerWriter.WriteToString(second));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(original), JsonNode.Parse(written)), "written layer differs from the sample");
    }

    [Fact]
    public void WriteToString_AbsentValues_AreOmitted()
    {
        var layer = new Layer
        {
            Name = "n",
            Domain = "enterprise-attack",
            Techniques = [new LayerTechnique { TechniqueId = TechniqueId.Parse("T1059") }],
        };

        var json = JsonNode.Parse(LayerWriter.WriteToString(layer))!.AsObject();

        Assert.Equal(["name", "versions", "domain", "techniques"], json.Select(p => p.Key));
        Assert.Equal(["techniqueID"], json["techniques"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal("4.5", (string?)json["versions"]!["layer"]);
    }

    [Fact]
    public void WriteToString_EveryField_UsesSpecPropertyNames()
    {
        var layer = new Layer
        {
            Name = "all",
            Domain = "ics-attack",
            Versions = new LayerVersions { Attack = "18", Navigator = "5.1.0" },
            Description = "d",
            CustomDataUrl = "https://example.org/bundle.json",
            Filters = new LayerFilters { Platforms = ["Windows"] },
            Sorting = 3,
            Layout = new LayerLayout
            {
                Layout = "flat", ShowId = true, ShowName = false, ShowAggregateScores = true, CountUnscored = true,
                AggregateFunction = "max", ExpandedSubtechniques = "annotated",
            },
            HideDisabled = true,
            Techniques =
            [
                new LayerTechnique
                {
                    TechniqueId = TechniqueId.Parse("T0853"), Tactic = "execution", Comment = "c", Enabled = false, Score = 2.5,
                    Color = "#aabbcc", Metadata = [new LayerMetadata("k", "v"), LayerDivider.Line], Links = [new LayerLink("l", "https://x.org")],
                    ShowSubtechniques = true,
                },
            ],
            Gradient = LayerGradient.RedToGreen(0, 5),
            LegendItems = [new LayerLegendItem("good", "#00ff00")],
            ShowTacticRowBackground = true,
            TacticRowBackground = "#dddddd",
            SelectTechniquesAcrossTactics = false,
            SelectSubtechniquesWithParent = false,
            SelectVisibleTechniques = true,
            Metadata = [new LayerMetadata("source", "tessera")],
            Links = [new LayerLink("home", "https://example.org")],
        };

        var written = LayerWriter.WriteToString(layer);
        var reread = LayerReader.Read(written);

        Assert.True(reread.Succeeded, string.Join("\n", reread.Issues));
        Assert.Empty(reread.Issues);
        Assert.Equal(written, LayerWriter.WriteToString(reread.Layer));
        var technique = JsonNode.Parse(written)!["techniques"]![0]!.AsObject();
        Assert.Equal(
            ["techniqueID", "tactic", "comment", "enabled", "score", "color", "metadata", "links", "showSubtechniques"],
            technique.Select(p => p.Key));
        Assert.True((bool)technique["metadata"]![1]!["divider"]!);
    }
}
