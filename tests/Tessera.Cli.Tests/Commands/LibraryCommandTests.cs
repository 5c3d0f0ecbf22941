using System.Text.Json;
using Tessera.Cli.Commands;
using static Tessera.Cli.Tests.CliRunner;

namespace Tessera.Cli.Tests.Commands;

public sealed class LibraryCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tessera-cli-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Replay_RepeatedAlert_PredictsFromLibraryOnlyAfterLearning()
    {
        var run = await RunAsync("library", "replay", "--input", Fixture("replay-history.jsonl"), "--data", Data);

        var lines = run.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal(["r-1", "r-2", null, "r-4"], lines.Select(l => l.GetProperty("id").GetString()));
        // Line 1 is predicted before anything was learnt; line 2 has the same signature (only the IP differs) and line 4 is a near duplicate.
        Assert.NotEqual("analyst", lines[0].GetProperty("techniques")[0].GetProperty("origin").GetString());
        Assert.Equal(("T1505.003", "analyst"), Top(lines[1]));
        Assert.Equal(("T1505.003", "analystSimilar"), Top(lines[3]));
        Assert.Equal(3, lines[2].GetProperty("line").GetInt32());
        Assert.Equal(MapCommands.SomeLinesRejected, run.Exit);
        Assert.Contains("replay: n=3", run.Error);
    }

    // An empty input printed "replay: n=0 …" and exited 0, although map exits 1 on one; a file of bad lines only exited 2.
    [Theory]
    [InlineData("", "no alert to replay (the input is empty or holds only blank lines)")]
    [InlineData("\n  \n", "no alert to replay (the input is empty or holds only blank lines)")] // blank lines only
    [InlineData("{not json\n", "line 1: not valid JSON")] // every line rejected: nothing learnt
    public async Task Replay_EmptyOrAllRejectedInput_ExitsOneSayingSo(string content, string message)
    {
        var file = Path.Combine(_folder, "empty.jsonl");
        await File.WriteAllTextAsync(file, content, TestContext.Current.CancellationToken);

        var run = await RunAsync("library", "replay", "--input", file, "--data", Data);

        Assert.Equal(1, run.Exit);
        Assert.Contains($"tessera: {file}", run.Error);
        Assert.Contains(message, run.Error);
    }

    // A bad gold ID beside a good one was dropped without a word (the line learnt the rest), and errors said "line 3"
    // without the file; now the line is rejected as map rejects one, and each reason names file, line and field.
    [Fact]
    public async Task Replay_BadGoldIdBesideAGoodOne_RejectsTheLineNamingFileLineAndId()
    {
        var file = Path.Combine(_folder, "lab.jsonl");
        await File.WriteAllTextAsync(file, string.Join('\n',
            """{"id":"a","title":"ET EXPLOIT Apache Struts RCE","gold":["T1190"]}""",
            """{"id":"b","title":"Suspicious Encoded PowerShell Command Line","gold":["T1059.001","bogus"]}""",
            "{not json") + "\n", TestContext.Current.CancellationToken);

        var run = await RunAsync("library", "replay", "--input", file, "--data", Data);

        Assert.Equal(MapCommands.SomeLinesRejected, run.Exit);
        var lines = run.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["a", null, null], lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal("'bogus' is not a technique ID", lines[1].GetProperty("error").GetString());
        Assert.Contains($"tessera: {file}:line 2 (gold): 'bogus' is not a technique ID", run.Error);
        Assert.Contains($"tessera: {file}:line 3: not valid JSON", run.Error);
        Assert.Contains("replay: n=1", run.Error);
    }

    // replay read its input with a plain StreamReader: a Latin-1 byte became U+FFFD and the line was learnt as "caf…";
    // it is an error line naming file and line, as map writes one.
    [Fact]
    public async Task Replay_InvalidUtf8Line_ErrorLineNamingFileAndLine()
    {
        var file = Path.Combine(_folder, "latin1.jsonl");
        await File.WriteAllBytesAsync(file, [.. "{\"id\":\"a\",\"title\":\"ET EXPLOIT Apache Struts RCE\",\"gold\":[\"T1190\"]}\n{\"id\":\"b\",\"title\":\"caf"u8, 0xE9,
            .. "\",\"gold\":[\"T1190\"]}\n"u8], TestContext.Current.CancellationToken);

        var run = await RunAsync("library", "replay", "--input", file, "--data", Data);

        Assert.Equal(MapCommands.SomeLinesRejected, run.Exit);
        var lines = run.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["a", null], lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(2, lines[1].GetProperty("line").GetInt32());
        Assert.Contains($"tessera: {file}:line 2: not UTF-8 text", run.Error);
        Assert.Contains("replay: n=1", run.Error);
    }

    // A file that could not be bound was reported with .NET's text ("could not be converted to
    // Tessera.Core.Alerts.Library.LibraryEvent … LineNumber: 0 | BytePositionInLine: 1859"); now the JSON path, the
    // 1-based line and column and a reason without type names.
    [Theory]
    [InlineData("""{"exampleTitle":"A","history":[{"at":"2025-10-01T08:00:00Z","analyst":"a","action":"bogus","techniques":[],"title":"A"}]}""",
        "$.entries[0].history[0].action (line 2, column")]
    [InlineData("""{"signature":"s","confirmed":["T1190"]}""", "$.entries[0] (line 2, column")]
    public async Task Import_UnbindableEntry_NamesPathAndLineWithoutDotNetTypes(string entry, string located)
    {
        var file = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(file, "{\"format\":\"tessera-alert-library\",\"version\":1,\n\"entries\":[" + entry + "]}", TestContext.Current.CancellationToken);

        var run = await RunAsync("library", "import", file, "--db", Path.Combine(_folder, "u.db"));

        Assert.Equal(1, run.Exit);
        Assert.Contains("bad.json: not a valid library file at " + located, run.Error);
        Assert.DoesNotContain("Tessera.", run.Error);
        Assert.DoesNotContain("LineNumber", run.Error);
        Assert.DoesNotContain("BytePositionInLine", run.Error);
    }

    // "signature" is recomputed from exampleTitle, so leaving it out is no error; "confirmed": null counts as empty;
    // "entries": null is an error naming it rather than an import of nothing.
    [Fact]
    public async Task Import_NoSignatureNullConfirmedAndNullEntries()
    {
        var db = Path.Combine(_folder, "n.db");
        var good = Path.Combine(_folder, "good.json");
        var nullEntries = Path.Combine(_folder, "null.json");
        await File.WriteAllTextAsync(good, """
            {"format":"tessera-alert-library","version":1,"entries":[
              {"exampleTitle":"ET EXPLOIT vBulletin 5.x RCE","confirmed":["T1190"]},
              {"exampleTitle":"Nothing decided yet","confirmed":null}]}
            """, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(nullEntries, """{"format":"tessera-alert-library","version":1,"entries":null}""", TestContext.Current.CancellationToken);

        var imported = await RunAsync("library", "import", good, "--db", db);
        var refused = await RunAsync("library", "import", nullEntries, "--db", db);
        var after = await RunAsync("library", "export", "--db", db);

        Assert.True(imported.Exit == 0, imported.Error);
        Assert.Contains("imported 2 entries, 0 unchanged", imported.Out);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("null.json: \"entries\" must be a list", refused.Error);
        var entries = JsonDocument.Parse(after.Out).RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal("et exploit vbulletin <ver> rce", entries.Single(e => e.GetProperty("exampleTitle").GetString()!.StartsWith("ET")).GetProperty("signature").GetString());
        Assert.Empty(entries.Single(e => e.GetProperty("exampleTitle").GetString() == "Nothing decided yet").GetProperty("confirmed").EnumerateArray());
    }

    [Fact]
    public async Task ExportImport_RoundTripsBetweenDatabases()
    {
        var source = Path.Combine(_folder, "a.db");
        var target = Path.Combine(_folder, "b.db");
        var export = Path.Combine(_folder, "library.json");
        var file = Path.Combine(_folder, "seed.json");
        await File.WriteAllTextAsync(file, """
            {"format":"tessera-alert-library","version":1,"entries":[
              {"signature":"x","exampleTitle":"ET EXPLOIT vBulletin 5.x RCE","confirmed":["T1190"],"rejected":["T1059"],
               "history":[{"at":"2025-10-01T08:00:00Z","analyst":"alice","action":"confirm","techniques":["T1190"],"title":"ET EXPLOIT vBulletin 5.x RCE"}]},
              {"signature":"y","exampleTitle":"New v19 technique seen","confirmed":["T1685"]}]}
            """, TestContext.Current.CancellationToken);

        var imported = await RunAsync("library", "import", file, "--db", source, "--attack", Tessera.Tests.Shared.SharedData.Enterprise181);
        var exported = await RunAsync("library", "export", "--db", source, "--output", export);
        var reimported = await RunAsync("library", "import", export, "--db", target);
        var final = await RunAsync("library", "export", "--db", target);

        Assert.Equal((0, 0, 0, 0), (imported.Exit, exported.Exit, reimported.Exit, final.Exit));
        Assert.Contains("imported 2 entries, 0 unchanged (1 warning(s))", imported.Out);
        Assert.Contains("T1685 is not in ATT&CK 18.1", imported.Error);
        var entries = JsonDocument.Parse(final.Out).RootElement.GetProperty("entries").EnumerateArray().ToList();
        var vbulletin = entries.Single(e => e.GetProperty("exampleTitle").GetString() == "ET EXPLOIT vBulletin 5.x RCE");
        Assert.Equal("et exploit vbulletin <ver> rce", vbulletin.GetProperty("signature").GetString());
        Assert.Equal(["T1059"], vbulletin.GetProperty("rejected").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("alice", vbulletin.GetProperty("history")[0].GetProperty("analyst").GetString());
    }

    // --json was a usage error for export and import; import printed only a human line.
    [Fact]
    public async Task ExportImport_Json_ResultObjectsOnStandardOutput()
    {
        var db = Path.Combine(_folder, "j.db");
        var file = Path.Combine(_folder, "seed.json");
        var export = Path.Combine(_folder, "out.json");
        await File.WriteAllTextAsync(file, """
            {"format":"tessera-alert-library","version":1,"entries":[
              {"exampleTitle":"ET EXPLOIT vBulletin 5.x RCE","confirmed":["T1190"]},
              {"exampleTitle":"New v19 technique seen","confirmed":["T1685"]}]}
            """, TestContext.Current.CancellationToken);

        var imported = await RunAsync("library", "import", file, "--db", db, "--attack", Tessera.Tests.Shared.SharedData.Enterprise181, "--json");
        var toFile = await RunAsync("library", "export", "--db", db, "--output", export, "--json");
        var toOut = await RunAsync("library", "export", "--db", db, "--json");

        Assert.True(imported.Exit == 0, imported.Error);
        var result = JsonDocument.Parse(imported.Out).RootElement;
        Assert.Equal((2, 0, 2, 1), (result.GetProperty("imported").GetInt32(), result.GetProperty("unchanged").GetInt32(),
            result.GetProperty("entries").GetInt32(), result.GetProperty("warnings").GetInt32()));
        Assert.Contains("T1685 is not in ATT&CK 18.1", Assert.Single(result.GetProperty("warningDetails").EnumerateArray()).GetString());
        Assert.Equal("", imported.Error);
        Assert.Equal(0, toFile.Exit);
        var written = JsonDocument.Parse(toFile.Out).RootElement;
        Assert.Equal((2, export), (written.GetProperty("exported").GetInt32(), written.GetProperty("file").GetString()));
        Assert.Equal(2, JsonDocument.Parse(toOut.Out).RootElement.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task Import_InvalidTechniqueId_ImportsNothing()
    {
        var db = Path.Combine(_folder, "c.db");
        var file = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(file, """
            {"format":"tessera-alert-library","version":1,"entries":[
              {"signature":"good entry","exampleTitle":"Good entry","confirmed":["T1190"]},
              {"signature":"bad entry","exampleTitle":"Bad entry","confirmed":["T19"]}]}
            """, TestContext.Current.CancellationToken);

        var run = await RunAsync("library", "import", file, "--db", db);
        var after = await RunAsync("library", "export", "--db", db);

        Assert.Equal(1, run.Exit);
        Assert.Contains("entry 1: 'T19' is not a technique ID", run.Error);
        Assert.Empty(JsonDocument.Parse(after.Out).RootElement.GetProperty("entries").EnumerateArray());
    }

    private static (string?, string?) Top(JsonElement line)
    {
        var first = line.GetProperty("techniques")[0];
        return (first.GetProperty("id").GetString(), first.GetProperty("origin").GetString());
    }
}
