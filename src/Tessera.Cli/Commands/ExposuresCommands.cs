using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Exposures;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera exposures import FILE</c>: vulnerabilities and misconfigurations from a CSV or JSON scan export.</summary>
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
                return console.Fail($"{path}: no such file");
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

            var stored = await services.GetRequiredService<IExposureStore>().ImportAsync(parsed.Exposures, Environment.UserName, Path.GetFileName(path), ct);
            Report(console, parsed, stored, parse.GetValue(json));
            return 0;
        });
        exposures.Subcommands.Add(import);
        return exposures;
    }

    private static void Report(CliConsole console, ExposureImportResult parsed, ExposureStoreSummary? stored, bool json)
    {
        if (json)
        {
            console.WriteJson(new
            {
                imported = stored is not null, rowsRead = parsed.RowsRead, added = stored?.Added ?? 0, updated = stored?.Updated ?? 0,
                unchanged = stored?.Unchanged ?? 0, reopened = stored?.Reopened ?? 0, stored = stored?.StoredAfter, ignoredFields = parsed.IgnoredFields,
                errors = parsed.Errors.Select(e => new { file = e.At.File, line = e.At.Line, field = e.Field, message = e.Message }),
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
