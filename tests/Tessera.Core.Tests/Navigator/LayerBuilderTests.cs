using Tessera.Core.Attack;
using Tessera.Core.Navigator;

namespace Tessera.Core.Tests.Navigator;

public sealed class LayerBuilderTests
{
    private static LayerTechnique Entry(string id, double? score = null, string? tactic = null) =>
        new() { TechniqueId = TechniqueId.Parse(id), Score = score, Tactic = tactic };

    [Fact]
    public void Build_ScoredEntries_SortsAndFitsGradientFromZero()
    {
        var layer = new LayerBuilder("coverage", AttackDomain.Enterprise)
            .WithAttackVersion("18.1")
            .Add(Entry("T1059.001", 3))
            .Add(Entry("T1003", 1))
            .Add(Entry("T1059", 2, "execution"))
            .Build();

        Assert.Equal(["T1003", "T1059", "T1059.001"], layer.Techniques.Select(t => t.TechniqueId.Value));
        Assert.Equal("18", layer.Versions.Attack);
        Assert.Equal(0, layer.Gradient!.MinValue);
        Assert.Equal(3, layer.Gradient.MaxValue);
        Assert.Equal("annotated", layer.Layout!.ExpandedSubtechniques);
    }

    [Fact]
    public void Build_MetadataSections_AreSeparatedByDividers()
    {
        var entry = Entry("T1059") with
        {
            Metadata = LayerBuilder.Sections(
                [new LayerMetadata("coverage", "detected")],
                [],
                [new LayerMetadata("rule", "Sigma: proc_creation_win_powershell"), new LayerMetadata("rule", "KQL: ps_encoded")],
                [new LayerMetadata("origin", "incident INC-7")]),
        };

        var metadata = new LayerBuilder("m", AttackDomain.Enterprise).Add(entry).Build().Techniques[0].Metadata;

        Assert.Equal(
            ["coverage=detected", "--", "rule=Sigma: proc_creation_win_powershell", "rule=KQL: ps_encoded", "--", "origin=incident INC-7"],
            metadata.Select(m => m is LayerMetadata d ? $"{d.Name}={d.Value}" : "--"));
    }

    [Fact]
    public void Build_Output_ReadsBackWithoutIssues()
    {
        var layer = new LayerBuilder("round", AttackDomain.Ics)
            .AddLegendItem("detected", "#8ec843")
            .AddLayerMetadata("generator", "tessera")
            .Add(Entry("T0853", 1) with { Color = "#8ec843", Comment = "rule R1" })
            .Build();

        var reread = LayerReader.Read(LayerWriter.WriteToString(layer));

        Assert.True(reread.Succeeded);
        Assert.Empty(reread.Issues);
        Assert.Equal("ics-attack", reread.Layer.Domain);
        Assert.Equal("detected", Assert.Single(reread.Layer.LegendItems).Label);
    }

    [Fact]
    public void Add_SameTechniqueAndTactic_Throws()
    {
        var builder = new LayerBuilder("dup", AttackDomain.Enterprise).Add(Entry("T1059", tactic: "execution"));

        Assert.Throws<InvalidOperationException>(() => builder.Add(Entry("T1059", tactic: "execution")));
    }

    [Fact]
    public void Add_SameTechniqueOtherTactic_IsAccepted() =>
        Assert.Equal(2, new LayerBuilder("t", AttackDomain.Enterprise)
            .Add(Entry("T1053", tactic: "execution"))
            .Add(Entry("T1053", tactic: "persistence"))
            .Build().Techniques.Count);

    [Fact]
    public void AddLegendItem_NamedColour_Throws() =>
        Assert.Throws<ArgumentException>(() => new LayerBuilder("c", AttackDomain.Enterprise).AddLegendItem("x", "green"));
}
