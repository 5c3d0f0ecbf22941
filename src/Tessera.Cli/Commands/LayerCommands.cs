using System.CommandLine;
using Tessera.Core.Navigator;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera layer validate|convert</c>: check and upgrade ATT&amp;CK Navigator layers.</summary>
public static class LayerCommands
{
    public static Command Create(CliConsole console)
    {
        var layer = new Command("layer", "Check and convert ATT&CK Navigator layers (format 4.5; reads 4.x, 3.0 and 2.x)");
        layer.Subcommands.Add(Validate(console));
        layer.Subcommands.Add(Convert(console));
        return layer;
    }

    private static Command Validate(CliConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "Layer JSON file" };
        var attack = AttackOptions.Source();
        var json = AttackOptions.Json();
        var command = new Command("validate", "Validate a layer: format errors and technique IDs unknown to the ATT&CK collection") { file, attack, json };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                return console.FailNoFile(path.FullName);
            }

            var read = await LayerReader.ReadFileAsync(path.FullName, ct);
            var issues = read.Issues.ToList();
            var unknown = new List<string>();
            if (read.Succeeded)
            {
                var collection = await AttackOptions.LoadForDomainAsync(console, parse.GetValue(attack), read.Layers[0].Domain, ct);
                if (collection is null)
                {
                    return 1;
                }

                foreach (var (item, index) in read.Layers.Select((l, i) => (l, i)))
                {
                    var check = LayerValidator.Validate(item, collection, read.Layers.Count > 1 ? $"[{index}]." : "");
                    issues.AddRange(check.Issues);
                    unknown.AddRange(check.UnknownTechniqueIds.Select(t => t.Value));
                }
            }

            var errors = issues.Count(i => i.Severity == LayerIssueSeverity.Error);
            if (parse.GetValue(json))
            {
                console.WriteJson(new
                {
                    file = path.FullName, valid = errors == 0, sourceVersion = read.SourceVersion,
                    upgrades = read.Upgrades.Select(u => new { path = u.Path, change = u.Change }), unknownTechniques = unknown.Distinct(),
                    issues = issues.Select(i => new { severity = i.Severity.ToString().ToLowerInvariant(), code = i.Code.ToString(), path = i.Path, line = i.Line, message = i.Message }),
                });
            }
            else
            {
                // Diagnostics on standard error, as layer convert and every other verb print them; the verdict on standard output.
                foreach (var issue in issues)
                {
                    await console.Error.WriteLineAsync($"{path.Name}: {issue}");
                }

                await console.Out.WriteLineAsync(errors == 0
                    ? $"{path.Name}: valid layer ({issues.Count} warning(s), {unknown.Distinct().Count()} unknown technique ID(s))"
                    : $"{path.Name}: {errors} error(s)");
            }

            return errors == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command Convert(CliConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "Layer JSON file (any supported version)" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write here instead of standard output" };
        var format = new Option<string>("--to") { Description = "layer (4.5 JSON) or csv", DefaultValueFactory = _ => "layer" };
        format.AcceptOnlyFromAmong("layer", "csv");
        var command = new Command("convert", "Upgrade a layer to format 4.5, or export it as CSV") { file, output, format };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                return console.FailNoFile(path.FullName);
            }

            await using var input = path.OpenRead();
            var target = parse.GetValue(output);
            // Write to memory first so a failed conversion never leaves a half-written output file.
            using var buffer = new MemoryStream();
            LayerReadResult result;
            if (parse.GetValue(format) == "csv")
            {
                await using var writer = new StreamWriter(buffer, leaveOpen: true);
                result = await LayerConverter.ToCsvAsync(input, writer, 0, ct);
            }
            else
            {
                result = await LayerConverter.ToLatestAsync(input, buffer, ct);
            }

            if (!result.Succeeded)
            {
                foreach (var issue in result.Errors)
                {
                    await console.Error.WriteLineAsync($"{path.Name}: {issue}");
                }

                return 1;
            }

            foreach (var upgrade in result.Upgrades)
            {
                await console.Error.WriteLineAsync($"{path.Name}: upgraded: {upgrade}");
            }

            buffer.Position = 0;
            if (target is null)
            {
                await console.Out.WriteAsync(new StreamReader(buffer).ReadToEnd());
                await console.Out.FlushAsync(ct);
            }
            else if (!await OutputFile.WriteAsync(console, target.FullName, buffer.ToArray(), ct))
            {
                return 1;
            }

            return 0;
        });
        return command;
    }
}
