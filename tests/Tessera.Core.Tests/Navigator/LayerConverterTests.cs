using System.Text.Json.Nodes;
using Tessera.Core.Attack;
using Tessera.Core.Navigator;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Navigator;

public sealed class LayerConverterTests
{
    [Fact]
    public async Task ToLatestAsync_Layer30_WritesLayer45()
    {
        await using var input = File.OpenRead(NavigatorFixtures.Path("navigator", "layer-v3.0.json"));
        using var output = new MemoryStream();

        var result = await LayerConverter.ToLatestAsync(input, output, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        var json = JsonNode.Parse(output.ToArray())!;
        Assert.Equal("4.5", (string?)json["versions"]!["layer"]);
        Assert.Equal("enterprise-attack", (string?)json["domain"]);
        Assert.Null(json["version"]);
        Assert.Null(json["viewMode"]);
        Assert.Null(json["filters"]!["stages"]);
    }

    [Fact]
    public async Task ToLatestAsync_BadLayer_WritesNothing()
    {
        await using var input = File.OpenRead(NavigatorFixtures.Path("navigator", "bad-color.json"));
        using var output = new MemoryStream();

        var result = await LayerConverter.ToLatestAsync(input, output, TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public async Task ToCsvAsync_SampleLayer_WritesHeaderAndOneRowPerTechnique()
    {
        await using var input = File.OpenRead(SharedData.Combine("navigator", "sample-art-navigator-layer.json"));
        await using var output = new StringWriter();

        await LayerConverter.ToCsvAsync(input, output, 0, TestContext.Current.CancellationToken);

        var lines = output.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("techniqueID,tactic,score,color,enabled,comment", lines[0]);
        Assert.Equal(381, lines.Length);
        Assert.Contains("T1003,,54,,true,", lines);
    }

    [Fact]
    public void Write_MetadataAndFormulaText_GetsColumnsAndQuotePrefix()
    {
        var layer = new Layer
        {
            Name = "csv",
            Domain = "enterprise-attack",
            Techniques =
            [
                new LayerTechnique
                {
                    TechniqueId = TechniqueId.Parse("T1059"), Tactic = "execution", Score = -1.5, Comment = "=HYPERLINK(\"x\")",
                    Metadata = [new LayerMetadata("rule", "a"), LayerDivider.Line, new LayerMetadata("rule", "b"), new LayerMetadata("origin", "sigma")],
                },
                new LayerTechnique { TechniqueId = TechniqueId.Parse("T1003"), Metadata = [new LayerMetadata("origin", "atomic")] },
            ],
        };

        var lines = LayerCsvWriter.WriteToString(layer).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(
            [
                "techniqueID,tactic,score,color,enabled,comment,metadata:rule,metadata:origin",
                "T1059,execution,-1.5,,,\"'=HYPERLINK(\"\"x\"\")\",a; b,sigma",
                "T1003,,,,,,,atomic",
            ],
            lines);
    }
}
