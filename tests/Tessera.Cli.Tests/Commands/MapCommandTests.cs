using System.Text.Json;
using Tessera.Cli.Commands;
using static Tessera.Cli.Tests.CliRunner;

namespace Tessera.Cli.Tests.Commands;

public sealed class MapCommandTests
{
    [Fact]
    public async Task Map_MixedFile_OneLinePerNonBlankInputLineInOrder()
    {
        var run = await RunAsync("map", "--input", Fixture("mixed-with-bad-lines.jsonl"), "--top", "3", "--data", Data);

        // 7 input lines, one blank: 6 output lines; bad ones are error objects with their line number.
        var lines = run.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(6, lines.Count);
        Assert.Equal(["g-1", null, "wazuh-1", null, "g-2", null], lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal([2, 5, 7], lines.Where(l => l.TryGetProperty("error", out _)).Select(l => l.GetProperty("line").GetInt32()));
        Assert.Equal(MapCommands.SomeLinesRejected, run.Exit);
        Assert.Contains($"tessera: {Fixture("mixed-with-bad-lines.jsonl")}:line 5", run.Error);
        Assert.Contains("line 5: unrecognised alert shape", run.Error);
        Assert.Matches(@"line 7( \(\w+\))?: empty title", run.Error);
    }

    [Fact]
    public async Task Map_EveryLineRejected_ExitsOneNothingMapped()
    {
        using var folder = new TempFolder();
        var file = folder.Write("all-bad.jsonl", "{\"title\":\"\"}\nnot json\n");

        var run = await RunAsync("map", "--input", file, "--data", Data);

        Assert.Equal(1, run.Exit);
        Assert.Equal([1, 2], run.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("line").GetInt32()));
    }

    // QA pass 7: a Latin-1 byte became U+FFFD and the line was mapped as "caf"; it is an error naming its line now.
    [Fact]
    public async Task Map_InvalidUtf8Line_RejectedNamingTheLine()
    {
        using var folder = new TempFolder();
        var file = folder.Combine("latin1.jsonl");
        await File.WriteAllBytesAsync(file, [.. "{\"title\":\"Mimikatz\"}\n{\"title\":\"caf"u8, 0xE9, .. "\"}\n"u8], TestContext.Current.CancellationToken);

        var run = await RunAsync("map", "--input", file, "--data", Data);

        Assert.Equal(MapCommands.SomeLinesRejected, run.Exit);
        Assert.Equal(2, JsonDocument.Parse(run.Lines[1]).RootElement.GetProperty("line").GetInt32());
        Assert.Contains($"tessera: {file}:line 2: not UTF-8 text", run.Error);
    }

    // An empty input exited 0 with no output, although 1 means "nothing done".
    [Theory]
    [InlineData("")]
    [InlineData("\n  \n")] // blank lines only
    public async Task Map_EmptyInput_ExitsOneSayingSo(string content)
    {
        using var folder = new TempFolder();
        var file = folder.Write("empty.jsonl", content);

        var run = await RunAsync("map", "--input", file, "--data", Data);

        Assert.Equal((1, ""), (run.Exit, run.Out));
        Assert.Equal($"tessera: {file}: no alert to map (the input is empty or holds only blank lines)", run.Error.Trim());
    }

    // --json was a usage error (exit 1), so a pipeline adding it to every verb broke; map's lines are JSON already.
    [Fact]
    public async Task Map_Json_AcceptedSameJsonLines()
    {
        var plain = await RunAsync("map", "--input", Fixture("mixed-with-bad-lines.jsonl"), "--top", "2", "--data", Data);
        var json = await RunAsync("map", "--input", Fixture("mixed-with-bad-lines.jsonl"), "--top", "2", "--data", Data, "--json");

        Assert.Equal((MapCommands.SomeLinesRejected, plain.Out), (json.Exit, json.Out));
    }

    [Fact]
    public async Task Map_ModelFolderFromEnvironment_SecondProcessLoadsTheSavedModelAndMapsTheSame()
    {
        using var folder = new TempFolder();
        var models = folder.Combine("models");
        var environment = new Dictionary<string, string> { ["TESSERA_MODEL_CACHE"] = models };
        var input = Fixture("mixed-with-bad-lines.jsonl");

        var first = await RunProcessAsync(null, environment, "map", "--input", input, "--top", "5", "--data", Data);
        var saved = Assert.Single(Directory.GetFiles(models, "alert-model-*.bin"));
        var written = File.GetLastWriteTimeUtc(saved);
        var second = await RunProcessAsync(null, environment, "map", "--input", input, "--top", "5", "--data", Data);

        Assert.Equal(MapCommands.SomeLinesRejected, first.Exit);
        Assert.Equal(first.Exit, second.Exit);
        Assert.Equal(6, first.Lines.Count);
        Assert.Equal(first.Out, second.Out);
        Assert.Equal(saved, Assert.Single(Directory.GetFiles(models, "alert-model-*.bin")));
        Assert.Equal(written, File.GetLastWriteTimeUtc(saved));
    }

    [Fact]
    public async Task Map_GoodAlert_HasContractShape()
    {
        var run = await RunAsync("map", "--input", Fixture("mixed-with-bad-lines.jsonl"), "--top", "2", "--data", Data);

        var wazuh = JsonDocument.Parse(run.Lines[2]).RootElement;
        var techniques = wazuh.GetProperty("techniques").EnumerateArray().ToList();
        Assert.Equal(2, techniques.Count);
        var first = techniques[0];
        Assert.Equal("T1110", first.GetProperty("id").GetString());
        Assert.Equal("Brute Force", first.GetProperty("name").GetString());
        Assert.Contains("credential-access", first.GetProperty("tactics").EnumerateArray().Select(t => t.GetString()));
        Assert.InRange(first.GetProperty("confidence").GetDouble(), 0, 1);
        Assert.NotEmpty(first.GetProperty("why").EnumerateArray());
        Assert.Equal(JsonValueKind.Object, wazuh.GetProperty("parts").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(wazuh.GetProperty("summary").GetString()));
    }

    [Fact]
    public async Task Map_HtmlTitle_OutputIsSafeToEmbed()
    {
        var run = await RunAsync("map", "--input", Fixture("mixed-with-bad-lines.jsonl"), "--data", Data);

        var html = run.Lines[4];
        Assert.Equal("g-2", JsonDocument.Parse(html).RootElement.GetProperty("id").GetString());
        Assert.DoesNotContain('<', html);
        Assert.DoesNotContain('>', html);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("51")] // more than 50 suggestions is never useful and only slows the mapper
    public async Task Map_TopOutOfRange_FailsWithMessage(string top)
    {
        var run = await RunAsync("map", "--input", Fixture("mixed-with-bad-lines.jsonl"), "--top", top, "--data", Data);

        Assert.Equal(1, run.Exit);
        Assert.Contains("tessera: --top must be 1..50", run.Error);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Map_MissingFileOrData_FailsClearly()
    {
        var noFile = await RunAsync("map", "--input", "/nonexistent/alerts.jsonl", "--data", Data);
        var noData = await RunAsync("map", "--input", Fixture("mixed-with-bad-lines.jsonl"), "--data", Path.GetTempPath());

        Assert.Equal((1, 1), (noFile.Exit, noData.Exit));
        Assert.Contains("no such file", noFile.Error);
        Assert.Contains("not a shared data folder", noData.Error);
    }

    // The input is checked before the model is built (tens of seconds on two cores): a mistyped path must not wait for
    // it. With data that is no shared data folder, the order shows in which error comes out.
    [Theory]
    [InlineData("map")]
    [InlineData("map evaluate")]
    [InlineData("library replay")]
    public async Task MapperVerbs_MissingInput_FailBeforeTheModelIsBuilt(string verb)
    {
        var run = await RunAsync([.. verb.Split(' '), "--input", "/nonexistent/alerts.jsonl", "--data", Path.GetTempPath()]);

        Assert.Equal(1, run.Exit);
        Assert.Contains("tessera: /nonexistent/alerts.jsonl: no such file", run.Error);
        Assert.DoesNotContain("shared data", run.Error);
    }

    [Fact]
    public async Task Evaluate_SmallLabelledFile_MatchesDefinitionsAppliedToMapOutput()
    {
        var file = Fixture("labelled-small.jsonl");
        var evaluate = await RunAsync("map", "evaluate", "--input", file, "--data", Data, "--json");
        var mapped = await RunAsync("map", "--input", file, "--data", Data);

        // Lines 1-3 are valid; line 4 has a malformed gold ID and line 5 no gold: both rejected, not counted.
        var report = JsonDocument.Parse(evaluate.Out).RootElement;
        Assert.Equal(MapCommands.SomeLinesRejected, evaluate.Exit);
        Assert.Equal((3, 2), (report.GetProperty("alerts").GetInt32(), report.GetProperty("rejectedLines").GetInt32()));
        Assert.Contains("line 4", evaluate.Error);
        string[][] gold = [["T1190"], ["T1059"], ["T1561.002"]];
        var ranked = mapped.Lines.Take(3).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("techniques").EnumerateArray()
            .Select(t => t.GetProperty("id").GetString()!).ToList()).ToList();
        static bool Credit(string p, string g) => p == g || p.Split('.')[0] == g || g.Split('.')[0] == p;
        double Ratio(Func<List<string>, string[], bool> hit) => ranked.Select((r, i) => hit(r, gold[i]) ? 1.0 : 0).Sum() / 3;
        Assert.Equal(Ratio((r, g) => r.Take(1).Any(p => g.Any(x => Credit(p, x)))), report.GetProperty("top1").GetDouble(), 6);
        Assert.Equal(Ratio((r, g) => r.Take(5).Any(p => g.Any(x => Credit(p, x)))), report.GetProperty("top5").GetDouble(), 6);
        Assert.Equal(Ratio((r, g) => r.Take(1).Any(g.Contains)), report.GetProperty("exactTop1").GetDouble(), 6);
        Assert.Equal(Ratio((r, g) => r.Take(5).Any(g.Contains)), report.GetProperty("exactTop5").GetDouble(), 6);
        // Vendor metadata puts T1190 and T1059.001 first: parent credit counts the second, exact ID does not.
        Assert.True(report.GetProperty("top1").GetDouble() >= 2 / 3.0 - 1e-9);
        Assert.Equal("T1059.001", ranked[1][0]);
    }

    [Fact]
    public async Task Evaluate_TextOutput_NamesEveryMetric()
    {
        var run = await RunAsync("map", "evaluate", "--input", Fixture("labelled-small.jsonl"), "--data", Data);

        Assert.Equal(MapCommands.SomeLinesRejected, run.Exit);
        Assert.Contains("alerts: 3 (2 line(s) rejected)", run.Out);
        foreach (var metric in new[] { "top-1 (parent credit):", "top-5 (parent credit):", "exact top-1:", "exact top-5:" })
        {
            Assert.Contains(metric, run.Out);
        }
    }

    // A line whose gold held one good and one malformed ID used to be evaluated and counted as rejected as well
    // ("alerts: 3 (6 line(s) rejected)" for 8 lines), with exit 0; now it is rejected alone, the counts add up to the
    // non-blank lines, and the exit code is map's: 2 when lines were rejected, 0 when none were.
    [Fact]
    public async Task Evaluate_LineWithOneBadGoldId_RejectedOnceAndExitTwo()
    {
        using var folder = new TempFolder();
        var file = folder.Write("lab.jsonl", string.Join('\n',
            """{"id":"a","title":"Suspicious Encoded PowerShell Command Line","gold":["T1059.001"]}""",
            """{"id":"b","title":"Suspicious Encoded PowerShell Command Line","gold":["T1059.001","bogus"]}""",
            "",
            """{"id":"c","title":"ET EXPLOIT Apache Struts RCE","gold":["T1190"]}""") + "\n");
        var clean = folder.Write("clean.jsonl", """{"id":"a","title":"ET EXPLOIT Apache Struts RCE","gold":["T1190"]}""" + "\n");

        var run = await RunAsync("map", "evaluate", "--input", file, "--data", Data);
        var json = await RunAsync("map", "evaluate", "--input", file, "--data", Data, "--json");
        var none = await RunAsync("map", "evaluate", "--input", clean, "--data", Data);

        Assert.Equal(MapCommands.SomeLinesRejected, run.Exit);
        Assert.Contains("alerts: 2 (1 line(s) rejected)", run.Out);
        Assert.Contains("line 2 (gold): 'bogus' is not a technique ID", run.Error);
        var report = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal((2, 1), (report.GetProperty("alerts").GetInt32(), report.GetProperty("rejectedLines").GetInt32()));
        Assert.Equal(0, none.Exit);
        Assert.Contains("alerts: 1 (0 line(s) rejected)", none.Out);
    }

    // evaluate read its input with a plain StreamReader: a Latin-1 byte became U+FFFD and the line was scored as "caf…";
    // it is rejected naming file and line, as map rejects it.
    [Fact]
    public async Task Evaluate_InvalidUtf8Line_RejectedNamingFileAndLine()
    {
        using var folder = new TempFolder();
        var file = folder.Combine("latin1.jsonl");
        await File.WriteAllBytesAsync(file, [.. "{\"title\":\"ET EXPLOIT Apache Struts RCE\",\"gold\":[\"T1190\"]}\n{\"title\":\"caf"u8, 0xE9,
            .. "\",\"gold\":[\"T1190\"]}\n"u8], TestContext.Current.CancellationToken);

        var run = await RunAsync("map", "evaluate", "--input", file, "--data", Data);

        Assert.Equal(MapCommands.SomeLinesRejected, run.Exit);
        Assert.Contains("alerts: 1 (1 line(s) rejected)", run.Out);
        Assert.Contains($"tessera: {file}:line 2: not UTF-8 text", run.Error);
    }
}
