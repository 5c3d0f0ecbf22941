using System.Text.Json;

namespace Tessera.Cli.Tests.Commands;

/// <summary><c>attack import</c> from files and from a local collection index (relative URLs to a copy of the ICS 18.1 bundle).</summary>
public sealed class AttackImportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tessera-index-").FullName;
    private static string Ics => Path.Combine(CliRunner.Data, "attack", "ics-attack-18.1.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteIndex()
    {
        File.Copy(Ics, Path.Combine(_folder, "ics-attack-18.1.json"));
        var path = Path.Combine(_folder, "collection-index.json");
        File.WriteAllText(path, """
            {"name":"local mirror","collections":[
              {"id":"x-mitre-collection--90c00720-636b-4485-b342-8751d232bf09","name":"ICS ATT&CK",
               "versions":[{"version":"18.1","url":"ics-attack-18.1.json"},{"version":"18.0","url":"ics-attack-18.0.json"}]}]}
            """);
        return path;
    }

    // Found by probing the verbs with bad paths: a folder without bundles printed nothing and exited 0, as if imported.
    [Fact]
    public async Task Import_FolderWithoutBundles_ExitsOneSayingSo()
    {
        var run = await CliRunner.RunAsync("attack", "import", _folder);

        Assert.Equal(1, run.Exit);
        Assert.Contains($"tessera: {_folder}: no *.json bundle in this folder", run.Error);
    }

    [Fact]
    public async Task Import_IndexWithoutVersion_ListsCollectionsAndVersions()
    {
        var run = await CliRunner.RunAsync("attack", "import", "--index", WriteIndex(), "--json");

        Assert.Equal(0, run.Exit);
        using var doc = JsonDocument.Parse(run.Out);
        var collection = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal(("ICS ATT&CK", "ics-attack"), (collection.GetProperty("name").GetString(), collection.GetProperty("domain").GetString()));
        Assert.Equal(["18.1", "18.0"], collection.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Import_IndexChosenVersion_LoadsBundleFromRelativeUrl()
    {
        var run = await CliRunner.RunAsync("attack", "import", "--index", WriteIndex(), "--version", "18.1", "--json");

        Assert.Equal(0, run.Exit);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("ics-attack@18.1", doc.RootElement.GetProperty("collection").GetString());
    }

    [Fact]
    public async Task Import_IndexVersionNotListed_ExitsOneNamingTheVersionsTheIndexHas()
    {
        var run = await CliRunner.RunAsync("attack", "import", "--index", WriteIndex(), "--version", "9.9");
        var ics = await CliRunner.RunAsync("attack", "import", "--index", Path.Combine(_folder, "collection-index.json"), "--version", "9.9", "--domain", "ics");
        var mobile = await CliRunner.RunAsync("attack", "import", "--index", Path.Combine(_folder, "collection-index.json"), "--version", "18.1", "--domain", "mobile");

        Assert.Equal((1, 1, 1), (run.Exit, ics.Exit, mobile.Exit));
        Assert.Contains("tessera: the index lists no release 9.9; it has ICS ATT&CK: 18.1, 18.0", run.Error);
        Assert.Contains("tessera: the index lists no release 9.9 for ics-attack; it has ICS ATT&CK: 18.1, 18.0", ics.Error);
        Assert.Contains("tessera: the index lists no release 18.1 for mobile-attack; it has no collection for mobile-attack", mobile.Error);
    }

    // A mirror whose 18.0 entry points at the 18.1 bundle used to load 18.1 and exit 0, as if 18.0 had been imported.
    [Fact]
    public async Task Import_IndexEntryHoldingAnotherRelease_ExitsOneNamingBothAndLoadsNothing()
    {
        File.Copy(Ics, Path.Combine(_folder, "ics-attack-18.1.json"));
        var index = Path.Combine(_folder, "collection-index.json");
        File.WriteAllText(index, """
            {"name":"wrong mirror","collections":[
              {"id":"x-mitre-collection--90c00720-636b-4485-b342-8751d232bf09","name":"ICS ATT&CK",
               "versions":[{"version":"18.0","url":"ics-attack-18.1.json"}]}]}
            """);

        var run = await CliRunner.RunAsync("attack", "import", "--index", index, "--version", "18.0", "--json");

        Assert.Equal(1, run.Exit);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.False(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.False(doc.RootElement.TryGetProperty("collection", out _));
        Assert.Contains("The index lists this bundle as release 18.0, but it holds ics-attack@18.1; nothing loaded",
            doc.RootElement.GetProperty("errors")[0].GetString());
    }

    // Progress goes to standard error only on a terminal: with --json (and a captured stream) stdout is one JSON object per bundle.
    [Fact]
    public async Task Import_Json_StdoutIsOnlyJsonAndStderrHasNoControlCodes()
    {
        var run = await CliRunner.RunAsync("attack", "import", Ics, "--json");

        Assert.Equal(0, run.Exit);
        using var doc = JsonDocument.Parse(Assert.Single(run.Lines));
        Assert.Equal("ics-attack@18.1", doc.RootElement.GetProperty("collection").GetString());
        Assert.DoesNotContain('\u001b', run.Error);
        Assert.DoesNotContain('\u001b', run.Out);
    }
}
