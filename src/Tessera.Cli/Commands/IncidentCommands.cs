using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Core.Incidents;
using Tessera.Core.Navigator;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera incidents list|show|export-layer</c>: read incidents from the database <c>tessera serve</c> uses.</summary>
public static class IncidentCommands
{
    public static Command Create(CliConsole console)
    {
        var incidents = new Command("incidents", "Security incidents and their ATT&CK techniques (read-only; change them in the UI or REST API)");
        incidents.Subcommands.Add(List(console));
        incidents.Subcommands.Add(Show(console));
        incidents.Subcommands.Add(ExportLayer(console));
        return incidents;
    }

    private static Argument<string> Number() => new("incident") { Description = "Incident number: INC-00042 or 42" };

    private static Command List(CliConsole console)
    {
        var state = new Option<IncidentState[]>("--state") { Description = "Only these states (repeatable): New, InProgress, Contained, Closed", AllowMultipleArgumentsPerToken = true }
            .NamesOnly<IncidentState[], IncidentState>();
        var technique = new Option<string?>("--technique") { Description = "Only incidents carrying this technique ID" };
        var text = new Option<string?>("--search") { Description = "Case-insensitive text in the title" };
        var take = new Option<int>("--take") { Description = $"Most incidents listed, newest first (1..{IncidentQuery.MaxTake})", DefaultValueFactory = _ => 50 };
        var db = CoverageCliSupport.Db();
        var json = AttackOptions.Json();
        var command = new Command("list", "List incidents, newest first") { state, technique, text, take, db, json };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(take) is < 1 or > IncidentQuery.MaxTake)
            {
                return console.Fail($"--take must be 1..{IncidentQuery.MaxTake}");
            }

            // As the API: a typo ("garbage", a tactic's TA0001) read as "no incident carries it", exit 0.
            Tessera.Core.Attack.TechniqueId techniqueId = default;
            if (parse.GetValue(technique) is { } wanted && !Tessera.Core.Attack.TechniqueId.TryParse(wanted.Trim(), out techniqueId))
            {
                return console.Fail($"--technique takes a technique ID such as T1059 or T1059.001, not '{CliConsole.Field(Tessera.Core.Text.Echo.Clip(wanted, 40))}'");
            }

            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct, mustExist: true);
            if (services is null)
            {
                return 1;
            }

            // A technique finds its sub-techniques too, as the API and the page do (T1059 found nothing tagged T1059.001).
            var query = new IncidentQuery { States = parse.GetValue(state) ?? [], Text = parse.GetValue(text), Take = parse.GetValue(take) };
            var page = await services.GetRequiredService<IIncidentStore>().ListAsync(
                techniqueId.Value is null ? query : query.WithTechnique(techniqueId), ct);
            if (parse.GetValue(json))
            {
                console.WriteJson(new { total = page.Total, incidents = page.Items.Select(Summary) });
                return 0;
            }

            foreach (var i in page.Items)
            {
                await console.Out.WriteLineAsync($"{i.Number}\t{i.State}\t{i.Severity}\t{CliConsole.Field(i.Assignee ?? "-")}\t{CliConsole.Field(i.Title)}");
            }

            await console.Out.WriteLineAsync($"{page.Items.Count} of {page.Total} incident(s)");
            return 0;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var number = Number();
        var db = CoverageCliSupport.Db();
        var json = AttackOptions.Json();
        var command = new Command("show", "An incident with its techniques (and their origins) and attached alerts") { number, db, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct, mustExist: true);
            if (services is null || await FindAsync(console, services, parse.GetValue(number), ct) is not { } incident)
            {
                return 1;
            }

            var store = services.GetRequiredService<IIncidentStore>();
            // Names need the ATT&CK bundle; show stays instant without it, and export-layer loads it.
            var rows = IncidentCard.Rows(await store.AssociationsAsync(incident.Id, ct), _ => null);
            var alerts = await store.AlertsAsync(incident.Id, ct);
            if (parse.GetValue(json))
            {
                console.WriteJson(new
                {
                    incident = Summary(incident), incident.Description, incident.ParentId,
                    techniques = rows.Select(r => new { technique = r.TechniqueId, r.Tactic, source = r.SourceKey, origins = r.Origins.Select(o => o.ToString()) }),
                    alerts = alerts.Select(a => new { a.Id, a.AlertRecordId, a.AlertId, a.Source, a.Title, a.Rule, a.Techniques }),
                });
                return 0;
            }

            await console.Out.WriteLineAsync($"{incident.Number} {CliConsole.Field(incident.Title)}\n{incident.State} · {incident.Severity} · {CliConsole.Field(incident.Assignee ?? "unassigned")} · version {incident.Version}");
            foreach (var r in rows)
            {
                await console.Out.WriteLineAsync($"  {(r.TechniqueId == "" ? "(tactic)" : r.TechniqueId)}\t{r.Tactic}\t{r.SourceKey}\t{string.Join(", ", r.Origins)}");
            }

            foreach (var a in alerts)
            {
                await console.Out.WriteLineAsync($"  alert {(a.AlertRecordId is { } id ? "#" + id : CliConsole.Field(a.AlertId))}\t{CliConsole.Field(a.Source)}\t{string.Join(",", a.Techniques)}\t{CliConsole.Field(a.Title)}");
            }

            return 0;
        });
        return command;
    }

    private static Command ExportLayer(CliConsole console)
    {
        var number = Number();
        var output = new Option<string>("--out") { Description = "Navigator 4.5 layer file to write", Required = true };
        var source = new Option<string?>("--source") { Description = "Collection key (default: the incident's first source, else the newest Enterprise)" };
        var attack = AttackOptions.Source();
        var db = CoverageCliSupport.Db();
        var command = new Command("export-layer", "Write an incident's techniques as a Navigator 4.5 layer (origins in metadata)") { number, output, source, attack, db };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct, mustExist: true);
            if (services is null || await FindAsync(console, services, parse.GetValue(number), ct) is not { } incident)
            {
                return 1;
            }

            var associations = await services.GetRequiredService<IIncidentStore>().AssociationsAsync(incident.Id, ct);
            var key = parse.GetValue(source) ?? associations.FirstOrDefault()?.Target.SourceKey;
            var collections = await AttackOptions.LoadAllAsync(console, parse.GetValue(attack), ct);
            if (collections is null || AttackOptions.Pick(console, collections, key) is not { } collection)
            {
                return 1;
            }

            var rows = IncidentCard.Rows(associations, k => k == collection.Info.Key ? collection : null);
            if (!await OutputFile.WriteAsync(console, parse.GetValue(output)!, LayerWriter.WriteToString(IncidentExports.ToLayer(incident, collection, rows)), ct))
            {
                return 1;
            }

            await console.Out.WriteLineAsync($"{incident.Number}: {rows.Count(r => r.SourceKey == collection.Info.Key && r.TechniqueId != "")} technique row(s) of {collection.Info.Key} written to {parse.GetValue(output)}");
            return 0;
        });
        return command;
    }

    private static async Task<Incident?> FindAsync(CliConsole console, IServiceProvider services, string? text, CancellationToken ct)
    {
        if (!Incident.TryParseNumber(text, out var id))
        {
            console.Fail($"'{text}' is not an incident number (INC-00042 or 42)");
            return null;
        }

        var incident = await services.GetRequiredService<IIncidentStore>().FindAsync(id, ct);
        if (incident is null)
        {
            console.Fail($"{Incident.FormatNumber(id)} does not exist");
        }

        return incident;
    }

    private static object Summary(Incident i) => new
    {
        number = i.Number, i.Id, i.Title, state = i.State.ToString(), severity = i.Severity.ToString(), i.Assignee, i.CreatedAt, i.UpdatedAt, i.Version,
    };
}
