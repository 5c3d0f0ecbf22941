using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Evaluation;
using Tessera.Core.Alerts.Library;
using Tessera.Core.Attack;
using Tessera.Infrastructure;
using Tessera.Infrastructure.Alerts;
using Tessera.Infrastructure.Storage;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera library replay|export|import</c>: the analysts' alert library.</summary>
public static class LibraryCommands
{
    public static Command Create(CliConsole console)
    {
        var library = new Command("library", "The alert library of analyst-confirmed mappings: replay history, export, import");
        library.Subcommands.Add(Replay(console));
        library.Subcommands.Add(Export(console));
        library.Subcommands.Add(Import(console));
        return library;
    }

    private static Command Replay(CliConsole console)
    {
        var input = MapOptions.Input();
        var top = MapOptions.Top();
        var data = MapOptions.Data();
        var command = new Command("replay",
            "Replay triaged alerts in order (each line an alert plus \"gold\": [IDs]): print the prediction made before learning from the line (same shape as map), then learn it. "
            + "Uses an empty in-memory library; accuracy goes to standard error")
        {
            input, top, data,
        };
        command.SetAction(async (parse, ct) =>
        {
            var k = parse.GetValue(top);
            var path = parse.GetValue(input)!;
            if (!MapOptions.CheckTop(console, k) || await MapOptions.OpenAsync(console, path, parse.GetValue(data)) is not var (stream, built))
            {
                return 1;
            }

            await using var _ = stream;

            var library = new AlertLibrary(new InMemoryAlertLibraryStore(), TimeProvider.System);
            var mapper = built.WithLibrary(library);
            var predictions = new Dictionary<Alert, IReadOnlyList<string>>(ReferenceEqualityComparer.Instance);
            var learnt = new List<LabelledAlert>();
            var rejected = 0;
            // Read as map reads its input: a line that is not UTF-8 is an error line naming it, never decoded to U+FFFD and learnt.
            await foreach (var (number, labelled, errors) in LabelledAlertReader.ReadAsync(stream, path == "-" ? null : path, ct))
            {
                if (labelled is null)
                {
                    rejected++;
                    await MapOptions.WriteLineErrorAsync(console, number, errors);
                    continue;
                }

                var mapping = mapper.Map(labelled.Alert, k);
                await console.Out.WriteLineAsync(AlertMappingJson.Serialize(mapping));
                predictions[labelled.Alert] = mapping.Techniques.Select(t => t.Id).ToList();
                learnt.Add(labelled);
                await library.ConfirmAsync(labelled.Alert.Title, "replay", labelled.Gold, ct);
            }

            // An input without a single alert line replayed nothing: 1 with a reason (as map says), not "n=0" and exit 0.
            if (learnt.Count == 0 && rejected == 0)
            {
                return console.Fail($"{(path == "-" ? "standard input" : path)}: no alert to replay (the input is empty or holds only blank lines)");
            }

            var report = MappingEvaluator.Evaluate(learnt, a => predictions[a], mapper.Newer);
            await console.Error.WriteLineAsync($"replay: {report} (predictions made before learning each line; {library.Count} library entries)");
            // Every line rejected means nothing was learnt: 1, as map answers, not "some lines rejected".
            return rejected == 0 ? 0 : learnt.Count == 0 ? 1 : MapCommands.SomeLinesRejected;
        });
        return command;
    }

    private static Option<string?> Db() => new("--db")
    {
        Description = "SQLite file path (default .tessera/tessera.db) or a PostgreSQL connection string / postgres:// URI",
    };

    private static Command Export(CliConsole console)
    {
        var db = Db();
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write here instead of standard output" };
        var json = new Option<bool>("--json") { Description = "With --output, a JSON result on standard output (the export itself is always JSON)" };
        var command = new Command("export", "Export the alert library as JSON (format tessera-alert-library, version 1)") { db, output, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct, s => s.AddAlertStorage(), mustExist: true);
            if (services is null)
            {
                return 1;
            }

            var library = await AlertLibrary.OpenAsync(services.GetRequiredService<IAlertLibraryStore>(), TimeProvider.System, ct);
            using var buffer = new MemoryStream();
            await LibraryJson.ExportAsync(library, buffer, ct);
            if (parse.GetValue(output) is { } file)
            {
                if (!await OutputFile.WriteAsync(console, file.FullName, buffer.ToArray(), ct))
                {
                    return 1;
                }

                if (parse.GetValue(json))
                {
                    console.WriteJson(new { exported = library.Count, file = file.FullName });
                }
                else
                {
                    await console.Error.WriteLineAsync($"exported {library.Count} entries to {file.FullName}");
                }
            }
            else
            {
                buffer.Position = 0;
                await console.Out.WriteLineAsync(await new StreamReader(buffer).ReadToEndAsync(ct));
            }

            return 0;
        });
        return command;
    }

    private static Command Import(CliConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "Library JSON from export" };
        var db = Db();
        var attack = AttackOptions.Source();
        var json = AttackOptions.Json();
        var command = new Command("import", "Import a library export, all or nothing; IDs missing from the ATT&CK release are kept and reported") { file, db, attack, json };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                return console.FailNoFile(path.FullName);
            }

            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct, s => s.AddAlertStorage());
            if (services is null)
            {
                return 1;
            }

            // ATT&CK is optional here: without it the import still works, only the "not in this release" warnings are missing.
            AttackCollection? release = null;
            if (parse.GetValue(attack) is { Length: > 0 } || DataLocations.DefaultAttackFolder() is not null)
            {
                var all = await AttackOptions.LoadAllAsync(console, parse.GetValue(attack), ct);
                release = all is null ? null : AttackOptions.Pick(console, all, null);
            }

            var library = await AlertLibrary.OpenAsync(services.GetRequiredService<IAlertLibraryStore>(), TimeProvider.System, ct);
            var entriesBefore = library.Count;
            await using var stream = path.OpenRead();
            var result = await LibraryJson.ImportAsync(library, stream, release, ct);
            // With --json the warnings are in the result object (as rules import lists them), not repeated on stderr.
            foreach (var warning in parse.GetValue(json) ? [] : result.Warnings)
            {
                await console.Error.WriteLineAsync($"{path.Name}: warning: {warning}");
            }

            if (!result.Ok)
            {
                foreach (var error in result.Errors)
                {
                    await console.Error.WriteLineAsync($"{path.Name}: {error}");
                }

                return console.Fail($"{path.Name}: nothing imported ({result.Errors.Count} error(s))");
            }

            // The server's alert-library.import payload, plus the file imported.
            await CliAudit.WriteAsync(services, "alert-library.import", "alert-library", null, new { entries = entriesBefore },
                new
                {
                    entries = library.Count, imported = result.Imported, unchanged = result.Unchanged,
                    warnings = result.Warnings.Select(w => w.ToString()).ToList(), file = path.Name,
                }, ct);
            if (parse.GetValue(json))
            {
                console.WriteJson(new
                {
                    file = path.FullName, imported = result.Imported, unchanged = result.Unchanged, entries = library.Count,
                    warnings = result.Warnings.Count, warningDetails = result.Warnings.Select(w => w.ToString()),
                });
            }
            else
            {
                await console.Out.WriteLineAsync($"imported {result.Imported} entries, {result.Unchanged} unchanged ({result.Warnings.Count} warning(s))");
            }

            return 0;
        });
        return command;
    }
}
