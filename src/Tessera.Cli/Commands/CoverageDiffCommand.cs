using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Coverage;

namespace Tessera.Cli.Commands;

/// <summary>
/// <c>tessera coverage diff --from 2026-07-01 [--to DATE]</c>: what changed between the snapshots nearest two dates
/// ("what did we lose since last quarter?"). Exit 3 with <c>--fail-on-loss</c> when any technique regressed.
/// </summary>
public static class CoverageDiffCommand
{
    public static Command Create(CliConsole console)
    {
        var from = new Option<string>("--from") { Description = "Date (yyyy-MM-dd, end of that day UTC) or timestamp", Required = true };
        var to = new Option<string?>("--to") { Description = "Date or timestamp (default: now)" };
        var failOnLoss = new Option<bool>("--fail-on-loss") { Description = "Exit 3 when any technique moved to a worse state" };
        var db = CoverageCliSupport.Db();
        var attack = AttackOptions.Source();
        var collection = CoverageCliSupport.Collection();
        var json = AttackOptions.Json();
        var command = new Command("diff", "Compare the coverage snapshots nearest two dates: states gained and lost, techniques regressed and improved")
        {
            from, to, failOnLoss, db, attack, collection, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var start = SnapshotDiffQuery.ParseInstant(parse.GetValue(from), endOfDay: true);
            var end = parse.GetValue(to) is { } text ? SnapshotDiffQuery.ParseInstant(text, endOfDay: true) : DateTimeOffset.UtcNow;
            if (start is null || end is null)
            {
                return console.Fail("--from and --to are dates (2026-07-01) or timestamps (2026-07-01T12:00:00Z)");
            }

            var enterprise = await CoverageCliSupport.LoadEnterpriseAsync(console, parse.GetValue(attack), parse.GetValue(collection), ct);
            await using var services = enterprise is null ? null : await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct, mustExist: true);
            if (services is null)
            {
                return 1;
            }

            var (diff, error) = await SnapshotDiffQuery.FindAsync(services.GetRequiredService<ICoverageSnapshotStore>(), enterprise!.Info.Key, start.Value, end.Value, ct);
            if (diff is null)
            {
                return console.Fail(error!);
            }

            Print(console, diff, parse.GetValue(json));
            return parse.GetValue(failOnLoss) && diff.Regressed.Count > 0
                ? console.Fail($"{diff.Regressed.Count} techniques lost coverage since {diff.From.TakenAt:yyyy-MM-dd}", CoverageCommands.BelowThreshold)
                : 0;
        });
        return command;
    }

    private static void Print(CliConsole console, CoverageSnapshotDiff diff, bool json)
    {
        if (json)
        {
            console.WriteJson(new
            {
                from = new { id = diff.From.Id, takenAt = diff.From.TakenAt, note = diff.From.Note },
                to = new { id = diff.To.Id, takenAt = diff.To.TakenAt, note = diff.To.Note },
                states = diff.States.Select(s => new { state = s.State.Slug(), fromCount = s.FromCount, toCount = s.ToCount, gained = s.Gained, lost = s.Lost }),
                regressed = diff.Regressed.Select(Change),
                improved = diff.Improved.Select(Change),
            });
            return;
        }

        console.Out.WriteLine($"snapshot {diff.From.TakenAt:yyyy-MM-dd HH:mm} → {diff.To.TakenAt:yyyy-MM-dd HH:mm} UTC");
        foreach (var s in diff.States)
        {
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.State.Label(),-12} {s.FromCount,5} → {s.ToCount,5}  (+{s.Gained.Count} −{s.Lost.Count})"));
        }

        foreach (var (label, changes) in new[] { ("regressed", diff.Regressed), ("improved", diff.Improved) })
        {
            console.Out.WriteLine($"{changes.Count} {label}" + (changes.Count == 0 ? "" : ": " + string.Join(", ", changes.Take(50).Select(c => $"{c.Technique} {c.Before.Slug()}→{c.After.Slug()}"))));
        }
    }

    private static object Change(TechniqueStateChange c) => new { technique = c.Technique, before = c.Before.Slug(), after = c.After.Slug() };
}
