using System.CommandLine;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Evaluation;
using Tessera.Core.Alerts.Ingest;

namespace Tessera.Cli.Commands;

/// <summary>
/// <c>tessera map</c>: one JSON line out per alert line in, in input order (the evaluation contract), and
/// <c>tessera map evaluate</c>: accuracy on labelled lines. Exit codes: 0 all lines mapped, 2 some lines rejected
/// (each has an error line in the output and on standard error; evaluate names them on standard error and still prints
/// the figures for the lines it read), 1 nothing could be done (no file, no data, an input without alert lines, or every
/// line rejected).
/// </summary>
public static class MapCommands
{
    public const int SomeLinesRejected = 2;

    public static Command Create(CliConsole console)
    {
        var input = MapOptions.Input();
        var top = MapOptions.Top();
        var data = MapOptions.Data();
        // Its output is JSON lines already; the option is taken so a pipeline can add --json to every verb.
        var json = new Option<bool>("--json") { Description = "Accepted for uniformity: map always writes JSON lines" };
        var map = new Command("map", "Map alerts (JSON lines: Suricata EVE, Wazuh, Elastic/ECS, Sigma matches, generic {id,title,...}) to ATT&CK techniques")
        {
            input, top, data, json,
        };
        map.SetAction(async (parse, ct) =>
        {
            var k = parse.GetValue(top);
            var path = parse.GetValue(input)!;
            if (!MapOptions.CheckTop(console, k) || await MapOptions.OpenAsync(console, path, parse.GetValue(data)) is not var (stream, mapper))
            {
                return 1;
            }

            await using var _ = stream;

            int rejected = 0, mapped = 0;
            await foreach (var result in AlertBatchReader.ReadAsync(stream, path == "-" ? null : path, ct))
            {
                if (result.Alert is { } alert)
                {
                    await console.Out.WriteLineAsync(AlertMappingJson.Serialize(mapper.Map(alert, k)));
                    mapped++;
                }
                else
                {
                    rejected++;
                    await MapOptions.WriteLineErrorAsync(console, result.Line, [result.Error!]);
                }
            }

            // An input without a single alert line did nothing: 1 with a reason, not a silent 0.
            if (mapped == 0 && rejected == 0)
            {
                return console.Fail($"{(path == "-" ? "standard input" : path)}: no alert to map (the input is empty or holds only blank lines)");
            }

            // Every line rejected means nothing was mapped: 1, as documented, not "some lines rejected".
            return rejected == 0 ? 0 : mapped == 0 ? 1 : SomeLinesRejected;
        });
        map.Subcommands.Add(Evaluate(console));
        return map;
    }

    private static Command Evaluate(CliConsole console)
    {
        var input = MapOptions.Input();
        var data = MapOptions.Data();
        var json = AttackOptions.Json();
        var command = new Command("evaluate", "Top-1/top-5 accuracy (parent-technique credit) and exact-ID accuracy on lines with \"gold\": [IDs]")
        {
            input, data, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(input)!;
            if (await MapOptions.OpenAsync(console, path, parse.GetValue(data)) is not var (stream, mapper))
            {
                return 1;
            }

            await using var _ = stream;

            // Read as map reads its input: a line that is not UTF-8 is rejected naming it, never decoded to U+FFFD and scored.
            var alerts = new List<LabelledAlert>();
            var errors = new List<AlertParseError>();
            await foreach (var line in LabelledAlertReader.ReadAsync(stream, path == "-" ? null : path, ct))
            {
                errors.AddRange(line.Errors);
                if (line.Alert is { } alert)
                {
                    alerts.Add(alert);
                }
            }

            foreach (var error in errors)
            {
                await console.Error.WriteLineAsync("tessera: " + error);
            }

            if (alerts.Count == 0)
            {
                return console.Fail("no labelled alert could be read");
            }

            // A line is read or rejected, never both (a bad gold ID rejects its line), so the two counts add up to the non-blank lines.
            var rejectedLines = errors.Select(e => e.Line).Distinct().Count();
            var report = MappingEvaluator.Evaluate(alerts, a => mapper.Rank(a, 5), mapper.Newer);
            if (parse.GetValue(json))
            {
                console.WriteJson(new { report.Alerts, rejectedLines, report.Top1, report.Top5, report.ExactTop1, report.ExactTop5 });
            }
            else
            {
                await console.Out.WriteLineAsync($"alerts: {report.Alerts} ({rejectedLines} line(s) rejected)");
                await console.Out.WriteLineAsync($"top-1 (parent credit): {report.Top1:F3}");
                await console.Out.WriteLineAsync($"top-5 (parent credit): {report.Top5:F3}");
                await console.Out.WriteLineAsync($"exact top-1: {report.ExactTop1:F3}");
                await console.Out.WriteLineAsync($"exact top-5: {report.ExactTop5:F3}");
            }

            return rejectedLines == 0 ? 0 : SomeLinesRejected;
        });
        return command;
    }
}
