using System.Text.Json;
using Tessera.Tests.Shared;
using static Tessera.Cli.Tests.CliRunner;

namespace Tessera.Cli.Tests.Commands;

public sealed class ExistingVerbTests
{
    private static string Layer => SharedData.Combine("navigator", "sample-art-navigator-layer.json");

    [Fact]
    public async Task AttackShow_PowerShellJson_HasExecutionTactic()
    {
        var run = await RunAsync("attack", "show", "T1059.001", "--json", "--attack", SharedData.Enterprise181);

        Assert.Equal(0, run.Exit);
        var view = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("T1059.001", view.GetProperty("id").GetString());
        Assert.Contains(view.GetProperty("tactics").EnumerateArray(), t => t.GetRawText().Contains("execution", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("T9999", 3)] // well-formed but not in 18.1
    [InlineData("T12", 2)] // not an ID at all
    public async Task AttackShow_UnknownOrMalformedId_ExitsNonZeroWithMessage(string id, int exit)
    {
        var run = await RunAsync("attack", "show", id, "--attack", SharedData.Enterprise181);

        Assert.Equal(exit, run.Exit);
        Assert.StartsWith("tessera: ", run.Error);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task AttackDiff_ReleasesOfTwoDomains_ExitsOneNamingThem()
    {
        var run = await RunAsync("attack", "diff", "enterprise-attack@18.1", "mobile-attack@18.1", "--attack", Path.Combine(CliRunner.Data, "attack"));

        Assert.Equal(1, run.Exit);
        Assert.Contains("enterprise-attack@18.1 and mobile-attack@18.1 are releases of different domains", run.Error);
    }

    [Fact]
    public async Task LayerValidate_SampleAtomicLayer_IsValid()
    {
        var run = await RunAsync("layer", "validate", Layer, "--json", "--attack", SharedData.Enterprise181);

        Assert.Equal(0, run.Exit);
        Assert.True(JsonDocument.Parse(run.Out).RootElement.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task LayerConvert_ToCsvAndLayer_WritesBothFormats()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("tessera-cli-layer-").FullName, "layer.json");
        var csv = await RunAsync("layer", "convert", Layer, "--to", "csv");
        var layer = await RunAsync("layer", "convert", Layer, "--output", output);

        Assert.Equal((0, 0), (csv.Exit, layer.Exit));
        Assert.Contains("T1001", csv.Out);
        var written = JsonDocument.Parse(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("4.5", written.GetProperty("versions").GetProperty("layer").GetString());
        Assert.Equal("enterprise-attack", written.GetProperty("domain").GetString());
        Directory.Delete(Path.GetDirectoryName(output)!, recursive: true);
    }

    // Upgrades of an older layer were printed as C# record text ("LayerUpgrade { Path = version, Change = … }"), on
    // standard error by convert and as strings in validate --json; now "path: change" and {path, change}.
    [Fact]
    public async Task LayerConvertAndValidate_Version22Layer_NameEachUpgradeByPathAndChange()
    {
        using var folder = new TempFolder();
        var text = File.ReadAllText(Layer);
        var versions = System.Text.RegularExpressions.Regex.Match(text, "\"versions\":\\{[^}]*\\}").Value;
        Assert.NotEmpty(versions);
        var old = folder.Write("old.json", text.Replace(versions, "\"version\":\"2.2\""));

        var convert = await RunAsync("layer", "convert", old, "--output", folder.Combine("new.json"));
        var validate = await RunAsync("layer", "validate", old, "--json", "--attack", SharedData.Enterprise181);

        Assert.Equal((0, 0), (convert.Exit, validate.Exit));
        var upgrade = JsonDocument.Parse(validate.Out).RootElement.GetProperty("upgrades").EnumerateArray()
            .Select(u => (Path: u.GetProperty("path").GetString()!, Change: u.GetProperty("change").GetString()!))
            .Single(u => u.Change.StartsWith("'version' \"2.2\" replaced by 'versions'", StringComparison.Ordinal));
        Assert.EndsWith("version", upgrade.Path);
        Assert.Contains($"old.json: upgraded: {upgrade.Path}: {upgrade.Change}", convert.Error);
        Assert.DoesNotContain("LayerUpgrade", convert.Error + validate.Out);
    }

    // An empty file was reported with .NET's 0-based "LineNumber: 0 | BytePositionInLine: 0." after the 1-based line.
    // QA pass 6: the errors were printed on standard output in text mode (layer convert prints them on standard error);
    // now the diagnostics go to standard error and only the verdict to standard output.
    [Fact]
    public async Task LayerValidate_EmptyFile_OneBasedLineOnStandardErrorVerdictOnStandardOutput()
    {
        using var folder = new TempFolder();

        var run = await RunAsync("layer", "validate", folder.Write("empty.json", ""));

        Assert.Equal(1, run.Exit);
        Assert.Contains("empty.json: error InvalidJson at $ (line 1): ", run.Error);
        Assert.DoesNotContain("LineNumber", run.Error);
        Assert.DoesNotContain("BytePositionInLine", run.Error);
        Assert.Equal("empty.json: 1 error(s)", run.Out.Trim());
    }

    [Fact]
    public async Task LayerValidate_MissingFile_Fails()
    {
        var run = await RunAsync("layer", "validate", "/nonexistent/layer.json");

        Assert.Equal(1, run.Exit);
        Assert.Contains("no such file", run.Error);
    }

    // A folder given where a file is expected said "no such file", which is not true and does not help.
    [Fact]
    public async Task FileVerbs_FolderGivenAsFile_SayItIsAFolder()
    {
        var folder = Directory.CreateTempSubdirectory("tessera-cli-folder-").FullName;
        var db = Path.Combine(folder, "t.db");
        try
        {
            var runs = new[]
            {
                await RunAsync("layer", "validate", folder),
                await RunAsync("map", "--input", folder),
                await RunAsync("exposures", "import", folder, "--db", db),
                await RunAsync("library", "import", folder, "--db", db),
            };

            Assert.All(runs, run =>
            {
                Assert.Equal(1, run.Exit);
                Assert.Equal($"tessera: {folder}: is a folder, not a file", run.Error.Trim());
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
