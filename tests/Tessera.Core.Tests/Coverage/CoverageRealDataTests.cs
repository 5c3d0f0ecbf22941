using System.IO.Compression;
using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Navigator;
using Tessera.Core.Tests.Attack;
using static Tessera.Core.Tests.Coverage.CoverageFixtures;

namespace Tessera.Core.Tests.Coverage;

/// <summary>Coverage against the real Enterprise bundles: priority scope, data requirements, layer and workbook export.</summary>
public sealed class CoverageRealDataTests(AttackBundlesFixture bundles)
{
    [Fact]
    public void FromGroupUsage_Enterprise181_TwentyGroupsGives101Entries()
    {
        var priority = PriorityTechniques.FromGroupUsage(bundles.Enterprise181);

        Assert.Equal(101, priority.Count);
        Assert.Contains("T1059.001", priority);
        Assert.Contains("T1059", priority);
    }

    [Fact]
    public void For_V18Technique_ListsAnalyticLogSourcesAndWhatIsMissing()
    {
        var required = TechniqueDataRequirements.For(bundles.Enterprise181, TechniqueId.Parse("T1059.001"), [Sysmon()]);

        var process = required.Single(r => r.DataComponentId == "DC0032");
        Assert.True(process.Present);
        Assert.Equal(["Sysmon"], process.ProvidedBy);
        Assert.StartsWith("AN", process.From);
        Assert.Contains(required, r => !r.Present);
    }

    [Fact]
    public void For_V17Technique_UsesDataSourceNames()
    {
        var required = TechniqueDataRequirements.For(bundles.Enterprise171, TechniqueId.Parse("T1059.001"), [Sysmon()]);

        Assert.Contains(required, r => r is { Name: "Process: Process Creation", Present: true, From: "x_mitre_data_sources" });
    }

    [Fact]
    public void ToLayer_Report_ValidLayerWithFiveLegendColours()
    {
        var rules = new[]
        {
            Rule("T1059.001", ValidationStatus.TestedPassing, Now, owner: "alice"),
            Rule("T1003.001", ValidationStatus.TestedFailing, Now),
            Rule("T1685"),
        };
        var report = CoverageEngine.Compute(Input(bundles.Enterprise181, rules), Now);

        var layer = CoverageLayerExporter.ToLayer(report, AttackDomain.Enterprise);

        Assert.Equal(5, layer.LegendItems.Select(l => l.Color).Distinct().Count());
        var validation = LayerValidator.Validate(layer, bundles.Enterprise181);
        Assert.DoesNotContain(validation.Issues, i => i.Severity == LayerIssueSeverity.Error);
        var powershell = layer.Techniques.Single(t => t.TechniqueId.Value == "T1059.001");
        Assert.Equal(CoverageState.Validated.Color(), powershell.Color);
        Assert.Contains(powershell.Metadata, m => m is LayerMetadata { Name: "owner", Value: "alice" });
        Assert.Contains("T1685", layer.Description);
    }

    [Fact]
    public void Write_Xlsx_HasBothSheetsAndTechniqueRows()
    {
        var report = CoverageEngine.Compute(Input(bundles.Enterprise181, [Rule("T1059.001", title: "=cmd|' /C calc'!A0")]), Now);
        using var buffer = new MemoryStream();

        CoverageXlsxExporter.Write(report, buffer);

        buffer.Position = 0;
        using var zip = new ZipArchive(buffer);
        Assert.Contains(zip.Entries, e => e.FullName == "xl/worksheets/sheet2.xml");
        using var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var xml = sheet.ReadToEnd();
        Assert.Contains("<t xml:space=\"preserve\">T1059.001</t>", xml);
        Assert.DoesNotContain("<f>", xml);
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    // 702 is the first three-letter column.
    [InlineData(702, "AAA")]
    public void Column_Index_Letters(int index, string expected) => Assert.Equal(expected, XlsxWriter.Column(index));

    [Fact]
    public void WriteCsv_TitleStartingWithEquals_Neutralised()
    {
        var report = CoverageEngine.Compute(Input(bundles.Enterprise181, [Rule("T1059.001", owner: "=HYPERLINK(\"x\")")]), Now);

        var csv = CoverageCsvWriter.WriteToString(report);

        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\"", csv);
    }
}
