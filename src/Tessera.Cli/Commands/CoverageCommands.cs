using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Coverage;
using Tessera.Core.Navigator;
using Tessera.Server.Api.Coverage;

namespace Tessera.Cli.Commands;

/// <summary>
/// <c>tessera coverage</c>: compute detection coverage from the registry, print it, export it, and gate a pipeline with
/// <c>--fail-under</c> (exit 3 when validated coverage of the scope is below the threshold).
/// </summary>
public static class CoverageCommands
{
    /// <summary>Exit code when validated coverage is under <c>--fail-under</c>; distinct from 1 (could not compute).</summary>
    public const int BelowThreshold = 3;

    public static Command Create(CliConsole console)
    {
        var layer = new Option<FileInfo?>("--layer") { Description = "Write a Navigator 4.5 layer (colour per state, legend, metadata)" };
        var csv = new Option<FileInfo?>("--csv") { Description = "Write the per-technique table as CSV" };
        var xlsx = new Option<FileInfo?>("--xlsx") { Description = "Write the per-technique table and tactic summary as XLSX" };
        var failUnder = new Option<double?>("--fail-under") { Description = "Exit 3 when validated coverage (percent) of --scope is below this" };
        var scope = new Option<string>("--scope") { Description = "all, priority, tactic:<name> or platform:<name>", DefaultValueFactory = _ => "all" };
        var owner = new Option<string?>("--owner") { Description = "Count only this owner's rules" };
        var snapshot = new Option<bool>("--snapshot") { Description = "Store the result as a coverage snapshot (history and trend)" };
        var db = CoverageCliSupport.Db();
        var attack = AttackOptions.Source();
        var collection = CoverageCliSupport.Collection();
        var json = AttackOptions.Json();
        var command = new Command("coverage", "Compute detection coverage: validated, rule exists, failing, no data, gap per technique")
        {
            layer, csv, xlsx, failUnder, scope, owner, snapshot, db, attack, collection, json,
        };
        command.Subcommands.Add(CoverageDiffCommand.Create(console));
        command.SetAction(async (parse, ct) =>
        {
            if (!CoverageScope.TryParse(parse.GetValue(scope), out var chosen, out var scopeError))
            {
                return console.Fail(scopeError!);
            }

            // NaN passes a range check and no share is ever below it: a templated "--fail-under NaN" turned the gate off.
            if (parse.GetValue(failUnder) is { } percent && (!double.IsFinite(percent) || percent is < 0 or > 100))
            {
                return console.Fail("--fail-under is a percentage, 0..100");
            }

            var enterprise = await CoverageCliSupport.LoadEnterpriseAsync(console, parse.GetValue(attack), parse.GetValue(collection), ct);
            // A usage error (exit 1, like an unknown scope kind), never a figure of 0/0 that --fail-under would report as 3.
            chosen = enterprise is null ? chosen : chosen.ResolvedFor(enterprise);
            if (enterprise is not null && chosen.CheckAgainst(enterprise) is { } unknownScope)
            {
                return console.Fail(unknownScope);
            }

            await using var services = enterprise is null ? null : await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct, mustExist: !parse.GetValue(snapshot));
            if (services is null)
            {
                return 1;
            }

            var service = services.GetRequiredService<CoverageService>();
            var report = await service.ComputeAsync(enterprise!, new CoverageFilter { Owner = parse.GetValue(owner) }, ct);
            // Exports first: they are what can fail (a missing folder), and a step that failed after storing its snapshot
            // stored a second one when the pipeline ran it again.
            if (!await WriteExportsAsync(console, report, enterprise!.Info.Domain, parse.GetValue(layer), parse.GetValue(csv), parse.GetValue(xlsx), ct))
            {
                return 1;
            }

            if (parse.GetValue(snapshot))
            {
                var stored = await services.GetRequiredService<ICoverageSnapshotStore>().AddAsync(CoverageSnapshot.From(report, "cli"), ct);
                await CliAudit.WriteAsync(services, "coverage.snapshot", "coverage-snapshot", stored.Id.ToString(), null, SnapshotView.Of(stored), ct);
            }

            var summary = report.Summarize(chosen);
            Print(console, report, summary, parse.GetValue(json));
            if (parse.GetValue(failUnder) is { } threshold && summary.ValidatedBelow(threshold))
            {
                // Both figures unrounded enough to show why: "2.985% … under 3%", never "3.0% … under 3%".
                return console.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"validated coverage of scope {chosen} is {100.0 * summary.Validated / summary.Total:0.0###}% ({summary.Validated}/{summary.Total}), under --fail-under {threshold:0.####}%"), BelowThreshold);
            }

            return 0;
        });
        return command;
    }

    // Each export is written whole or not at all; false after naming the one that could not be written.
    private static async Task<bool> WriteExportsAsync(CliConsole console, CoverageReport report, Tessera.Core.Attack.AttackDomain domain, FileInfo? layer, FileInfo? csv, FileInfo? xlsx, CancellationToken ct) =>
        (layer is null || await OutputFile.WriteAsync(console, layer.FullName, LayerWriter.WriteToString(CoverageLayerExporter.ToLayer(report, domain)), ct))
        && (csv is null || await OutputFile.WriteAsync(console, csv.FullName, CoverageCsvWriter.WriteToString(report), ct))
        && (xlsx is null || await OutputFile.WriteAsync(console, xlsx.FullName, (file, _) => { CoverageXlsxExporter.Write(report, file); return Task.CompletedTask; }, ct));

    private static void Print(CliConsole console, CoverageReport report, CoverageCounts scope, bool json)
    {
        var all = report.Summarize(CoverageScope.All);
        var priority = report.Summarize(CoverageScope.Priority);
        if (json)
        {
            console.WriteJson(new
            {
                collection = report.CollectionKey, computedAt = report.ComputedAt, scope, all, priority, byTactic = report.ByTactic,
                unknownTechniques = report.UnknownTechniques.Select(u => u.Id.Value), overdue = report.Overdue.Count,
            });
            return;
        }

        foreach (var counts in new[] { all, priority }.Concat(report.ByTactic).Append(scope).DistinctBy(c => c.Key))
        {
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{counts.Key,-22} validated {counts.Validated,4}  rule {counts.RuleExists,4}  failing {counts.Failing,4}  no data {counts.NoData,4}  gap {counts.Gap,4}  = {counts.ValidatedPercent,5:0.0}% validated"));
        }

        if (report.UnknownTechniques.Count > 0)
        {
            console.Out.WriteLine($"rules tag {report.UnknownTechniques.Count} IDs not in {report.CollectionKey}: {string.Join(", ", report.UnknownTechniques.Select(u => u.Id.Value))}");
        }

        console.Out.WriteLine($"{report.Overdue.Count} overdue validations");
    }
}
