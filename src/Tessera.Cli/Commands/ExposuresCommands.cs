using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Exposures;
using Tessera.Server.Api.Exposures;

namespace Tessera.Cli.Commands;

/// <summary>
/// <c>tessera exposures import FILE</c>: vulnerabilities and misconfigurations from a CSV or JSON scan export; <c>status</c> sets
/// one's lifecycle status, <c>list</c> (<see cref="ExposuresListCommand"/>) lists them, and <c>map-cve</c> and <c>cve-mappings</c>
/// (<see cref="ExposuresCveMappingCommands"/>) map a technique to every exposure with a CVE.
/// </summary>
public static class ExposuresCommands
{
    public static Command Create(CliConsole console)
    {
        var exposures = new Command("exposures", "Exposures (CTEM): import vulnerabilities and misconfigurations");
        var file = new Argument<string>("file") { Description = "A .csv (header row) or .json file; see docs/EXPOSURES.md for the fields" };
        var db = CoverageCliSupport.Db();
        var json = AttackOptions.Json();
        var import = new Command("import", "Import a scan export: all or nothing, idempotent by (asset, CVE); manual mappings are kept, resolved exposures it reports are reopened") { file, db, json };
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                return console.FailNoFile(path);
            }

            var parsed = await ExposureImporter.ReadFileAsync(path, ct);
            if (!parsed.Succeeded)
            {
                Report(console, parsed, null, parse.GetValue(json));
                return console.Fail($"{parsed.Errors.Count} error(s) in {Path.GetFileName(path)}; nothing was imported");
            }

            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct);
            if (services is null)
            {
                return 1;
            }

            var fileName = Path.GetFileName(path);
            var stored = await services.GetRequiredService<IExposureStore>().ImportAsync(parsed.Exposures, Environment.UserName, fileName, ct);
            // As on the server: the import's counts, and an exposure.status entry per exposure it reopened.
            await ExposureService.AuditImportAsync(CliAudit.Writer(services), CliAudit.Actor, fileName, parsed.RowsRead, stored, ct);
            Report(console, parsed, stored, parse.GetValue(json));
            return 0;
        });
        exposures.Subcommands.Add(import);
        exposures.Subcommands.Add(Status(console, db, json));
        exposures.Subcommands.Add(ExposuresListCommand.Create(console, db, json));
        exposures.Subcommands.Add(ExposuresCveMappingCommands.MapCve(console, db, json));
        exposures.Subcommands.Add(ExposuresCveMappingCommands.List(console, db, json));
        return exposures;
    }

    // tessera exposures status --asset A (--cve CVE | --id ID) --set resolved|accepted|open [--reason TEXT] [--until DAY]: what a
    // patch pipeline runs after deploying a fix. Exposures are named as scans name them (asset + CVE, or asset + finding ID).
    private static Command Status(CliConsole console, Option<string?> db, Option<bool> json)
    {
        var asset = new Option<string>("--asset") { Description = "The asset, as the scan names it (case-insensitive)", Required = true };
        var cve = new Option<string?>("--cve") { Description = "The CVE of a vulnerability" };
        var id = new Option<string?>("--id") { Description = "The scan's finding ID of an exposure without a CVE (misconfiguration)" };
        var set = new Option<string>("--set") { Description = "open, resolved or accepted", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why (required for accepted: who decided and why)" };
        var until = new Option<string?>("--until") { Description = "For accepted (required): the UTC day the acceptance ends, YYYY-MM-DD, at most a year ahead" };
        var command = new Command("status", "Set an exposure's status (resolved leaves the queues until a later scan reports it again)")
        {
            asset, cve, id, set, reason, until, db, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!ExposureStatusRules.TryParse(parse.GetValue(set), out var status))
            {
                return console.Fail($"--set: '{parse.GetValue(set)}' is not a status (open, resolved or accepted)");
            }

            if ((parse.GetValue(cve) is null) == (parse.GetValue(id) is null))
            {
                return console.Fail("name the exposure with --cve or --id (one of them)");
            }

            DateOnly? endDay = null;
            if (parse.GetValue(until) is { } untilText)
            {
                if (!ExposureStatusRules.TryParseDay(untilText, out var day))
                {
                    return console.Fail(ExposureStatusRules.NotADay("--until", untilText));
                }

                endDay = day;
            }

            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct);
            if (services is null)
            {
                return 1;
            }

            var store = services.GetRequiredService<IExposureStore>();
            var (assetName, cveId, findingId) = (parse.GetValue(asset)!, parse.GetValue(cve), parse.GetValue(id) ?? "");
            if (await store.FindAsync(assetName, cveId, findingId, ct) is not { } exposure)
            {
                return console.Fail($"no stored exposure {ExposureKey.For(assetName, cveId, findingId)}");
            }

            var result = await store.SetStatusAsync(exposure.Id, status, parse.GetValue(reason), endDay, Environment.UserName, ct);
            if (!result.IsSaved)
            {
                // The store names the API field; here the option is --until.
                return console.Fail(result.Message?.Replace("acceptedUntil:", "--until:", StringComparison.Ordinal) ?? "status not changed");
            }

            var stored = result.Value!;
            // As on the server: setting the status, reason and end day it already has changes nothing, so there is nothing to audit.
            if (!exposure.HasSameStatusAs(stored))
            {
                await CliAudit.WriteAsync(services, "exposure.status", "exposure", stored.Id.ToString(), ExposureService.Snapshot(exposure), ExposureService.Snapshot(stored), ct);
            }

            if (parse.GetValue(json))
            {
                console.WriteJson(new
                {
                    id = stored.Id, key = stored.Key, status = stored.Status.Slug(), reason = stored.StatusReason, changedBy = stored.StatusChangedBy,
                    acceptedUntil = stored.AcceptedUntil,
                });
            }
            else
            {
                var ends = stored.AcceptedUntil is { } last ? " until " + ExposureStatusRules.Iso(last) : "";
                console.Out.WriteLine($"{stored.Key}: {stored.Status.Slug()}{ends}{(stored.StatusReason is null ? "" : " (" + stored.StatusReason + ")")}");
            }

            return 0;
        });
        return command;
    }

    private static void Report(CliConsole console, ExposureImportResult parsed, ExposureStoreSummary? stored, bool json)
    {
        if (json)
        {
            console.WriteJson(new
            {
                imported = stored is not null, rowsRead = parsed.RowsRead, added = stored?.Added ?? 0, updated = stored?.Updated ?? 0,
                unchanged = stored?.Unchanged ?? 0, reopened = stored?.Reopened ?? 0, stored = stored?.StoredAfter, ignoredFields = parsed.IgnoredFields,
                errors = parsed.Errors.Select(e => new { file = e.At.File, line = e.At.Line, index = e.Index, field = e.Field, message = e.Message }),
            });
            return;
        }

        foreach (var error in parsed.Errors)
        {
            console.Error.WriteLine(error.ToString());
        }

        if (stored is not null)
        {
            console.Out.WriteLine($"{parsed.RowsRead} rows: {stored.Added} added, {stored.Updated} updated, {stored.Unchanged} unchanged, {stored.Reopened} reopened; {stored.StoredAfter} exposures stored");
        }
    }
}
