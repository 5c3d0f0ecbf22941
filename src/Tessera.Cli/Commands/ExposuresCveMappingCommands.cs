using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Exposures;
using Tessera.Server.Api.Exposures;

namespace Tessera.Cli.Commands;

/// <summary>
/// <c>tessera exposures map-cve CVE TECHNIQUE [--remove]</c> maps a technique to every exposure with a CVE (on any asset, imports to
/// come included), or removes that mapping; <c>tessera exposures cve-mappings</c> lists them. Audited as the server audits them.
/// </summary>
public static class ExposuresCveMappingCommands
{
    public static Command MapCve(CliConsole console, Option<string?> db, Option<bool> json)
    {
        var cve = new Argument<string>("cve") { Description = "The CVE ID, e.g. CVE-2024-3400 (any case)" };
        var technique = new Argument<string>("technique") { Description = "The technique ID, e.g. T1190 (an ID newer than the loaded ATT&CK release is kept)" };
        var remove = new Option<bool>("--remove") { Description = "Remove the mapping instead (per-exposure mappings stay)" };
        var command = new Command("map-cve", "Map a technique to every exposure with a CVE, on any asset (idempotent), or --remove it")
        {
            cve, technique, remove, db, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var input = CveMappingInput.Parse(parse.GetValue(cve), parse.GetValue(technique));
            if (!input.Succeeded)
            {
                // The argument names as the usage line prints them.
                return console.Fail(string.Join("; ", input.Errors.Select(e => $"{e.Field.ToUpperInvariant()}: {e.Message.TrimEnd('.')}")));
            }

            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct);
            if (services is null)
            {
                return 1;
            }

            var store = services.GetRequiredService<IExposureStore>();
            CveTechniqueMapping mapping;
            string outcome;
            if (parse.GetValue(remove))
            {
                var removed = await store.RemoveCveMappingAsync(input.Cve, input.Technique, ct);
                if (!removed.IsSaved)
                {
                    return console.Fail(removed.Message!.TrimEnd('.'));
                }

                (mapping, outcome) = (removed.Value!, "removed");
            }
            else
            {
                var added = await store.AddCveMappingAsync(input.Cve, input.Technique, Environment.UserName, ct);
                (mapping, outcome) = (added.Mapping, added.Added ? "added" : "unchanged");
            }

            var view = await ExposureService.CveMappingViewAsync(store, mapping, null, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
            if (outcome != "unchanged")
            {
                var snapshot = ExposureService.Snapshot(view);
                await CliAudit.WriteAsync(services, outcome == "added" ? ExposureService.CveMappingAddAction : ExposureService.CveMappingRemoveAction,
                    ExposureService.CveMappingEntity, ExposureService.CveMappingEntityId(mapping),
                    outcome == "added" ? null : snapshot, outcome == "added" ? snapshot : null, ct);
            }

            if (parse.GetValue(json))
            {
                console.WriteJson(new { outcome, mapping = view });
            }
            else
            {
                var what = outcome switch
                {
                    "added" => "mapped for every exposure with this CVE",
                    "removed" => "removed",
                    _ => "already mapped (nothing changed)",
                };
                console.Out.WriteLine($"{view.Cve} → {view.Technique}: {what}; {view.Exposures} stored exposure{(view.Exposures == 1 ? "" : "s")} with this CVE, {view.OpenExposures} open");
            }

            return 0;
        });
        return command;
    }

    public static Command List(CliConsole console, Option<string?> db, Option<bool> json)
    {
        var command = new Command("cve-mappings", "List the techniques mapped to every exposure with a CVE") { db, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct, mustExist: true);
            if (services is null)
            {
                return 1;
            }

            var views = await ExposureService.CveMappingsAsync(services.GetRequiredService<IExposureStore>(), null,
                services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
            if (parse.GetValue(json))
            {
                console.WriteJson(views);
                return 0;
            }

            foreach (var m in views)
            {
                console.Out.WriteLine($"{m.Cve}  {m.Technique}  {m.Exposures} exposure{(m.Exposures == 1 ? "" : "s")} ({m.OpenExposures} open)  {m.AddedBy} {m.AddedAt:yyyy-MM-dd}");
            }

            console.Error.WriteLine($"{views.Count} CVE mapping{(views.Count == 1 ? "" : "s")}");
            return 0;
        });
        return command;
    }
}
