using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Detection.Sigma;
using Tessera.Server.Api.Coverage;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera rules import|list</c>: the detection rule registry.</summary>
public static class RulesCommands
{
    /// <summary>Exit code when valid files were imported but some files were rejected (listed on standard error).</summary>
    public const int PartialImport = 2;

    public static Command Create(CliConsole console)
    {
        var rules = new Command("rules", "Detection rule registry: import Sigma rules, list and filter rules");
        rules.Subcommands.Add(Import(console));
        rules.Subcommands.Add(List(console));
        return rules;
    }

    private static Command Import(CliConsole console)
    {
        var paths = new Argument<string[]>("path") { Description = "Sigma folders (a SigmaHQ checkout reads its rules* folders) or .yml files", Arity = ArgumentArity.OneOrMore };
        var strict = new Option<bool>("--strict") { Description = "Save nothing when any file is rejected (default: save valid files, list rejected ones, exit 2)" };
        var owner = new Option<string?>("--owner") { Description = "Owner of newly created rules (existing rules keep theirs)" };
        var db = CoverageCliSupport.Db();
        var attack = AttackOptions.Source();
        var json = AttackOptions.Json();
        var command = new Command("import", "Import Sigma rules into the registry: idempotent by rule id, keeps local owner and status") { paths, strict, owner, db, attack, json };
        command.SetAction(async (parse, ct) =>
        {
            var collection = await CoverageCliSupport.LoadEnterpriseAsync(console, parse.GetValue(attack), null, ct);
            if (collection is null)
            {
                return 1;
            }

            var importer = new SigmaFolderImporter(new SigmaParserOptions { Attack = collection });
            var parts = new List<SigmaImportResult>();
            var loose = new List<SigmaSourceText>();
            var folders = new List<string>();
            foreach (var path in parse.GetValue(paths)!)
            {
                if (Directory.Exists(path)) folders.Add(path);
                // A file named on its own is known by its name, as at the root of a folder import: a rule without an id
                // imported as DIR/x.yml and within DIR is then one rule, whatever directory the command ran in.
                else if (File.Exists(path)) loose.Add(new SigmaSourceText(Path.GetFileName(path), await File.ReadAllTextAsync(path, ct)));
                else return console.Fail($"{path}: no such file or folder");
            }

            parts.AddRange(await CliProgress.RunAsync(console, parse.GetValue(json),
                folders.Select(f => ($"parsing Sigma rules in {f}", (Func<Task<SigmaImportResult>>)(() => importer.ImportAsync(f, ct)))).ToList()));

            if (loose.Count > 0)
            {
                parts.Add(importer.ImportTexts(loose, "(files)"));
            }

            var merged = Merge(parts);
            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct);
            if (services is null)
            {
                return 1;
            }

            var before = await CoverageCliSupport.CaptureAsync(services, collection, ct);
            var result = await new ImportSigmaRulesCommand(services.GetRequiredService<IRuleRegistry>())
                .ExecuteAsync(merged, parse.GetValue(strict), parse.GetValue(owner), Environment.UserName, ct);
            Report(console, result, parse.GetValue(json));
            if (result.Committed)
            {
                // The server's rule.import payload, plus where the rules came from (an upload has no path to record).
                var view = ImportResultView.Of(result);
                await CliAudit.WriteAsync(services, "rule.import", "rule", null, null,
                    new { view.FilesScanned, view.FilesRejected, view.Created, view.Updated, view.Unchanged, source = merged.Root }, ct);
                await CoverageCliSupport.RecordChangeAsync(console, services, collection, before, "rule.import (cli)", ct);
            }

            return !result.Committed ? 1 : result.FilesRejected > 0 ? PartialImport : 0;
        });
        return command;
    }

    // Several roots import as one batch: a rule id may appear once across all of them.
    private static SigmaImportResult Merge(List<SigmaImportResult> parts)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rules = new List<SigmaRule>();
        var rejections = parts.SelectMany(p => p.Rejections).ToList();
        foreach (var group in parts.SelectMany(p => p.Rules).GroupBy(r => r.File))
        {
            var ids = group.Select(r => SigmaRuleMapper.ToDetectionRule(r).ExternalId).ToList();
            if (ids.Any(id => !seen.Add(id)))
            {
                rejections.Add(new SigmaFileRejection(group.Key, [new DetectionIssue(DetectionIssueKind.DuplicateId, "rule id already imported from another path", new SourceLocation(group.Key))]));
                continue;
            }

            rules.AddRange(group);
        }

        return new SigmaImportResult
        {
            Root = string.Join(", ", parts.Select(p => p.Root)),
            FilesScanned = parts.Sum(p => p.FilesScanned),
            Rules = rules,
            Correlations = parts.SelectMany(p => p.Correlations).ToList(),
            Filters = parts.SelectMany(p => p.Filters).ToList(),
            Rejections = rejections,
            Warnings = parts.SelectMany(p => p.Warnings).ToList(),
        };
    }

    private const int MaxWarningsShown = 20;

    private static void Report(CliConsole console, RegistryImportResult result, bool json)
    {
        if (json)
        {
            // The API's view, so a pipeline reads the same fields from either.
            console.WriteJson(ImportResultView.Of(result));
        }
        else
        {
            foreach (var error in result.Rejections.SelectMany(r => r.Errors))
            {
                console.Error.WriteLine($"rejected {error}");
            }

            // Warnings (unknown technique IDs, rules without an id …) do not stop the import; the first few are shown.
            foreach (var warning in result.Warnings.Take(MaxWarningsShown))
            {
                console.Error.WriteLine(warning.ToString());
            }

            if (result.Warnings.Count > MaxWarningsShown)
            {
                console.Error.WriteLine($"… and {result.Warnings.Count - MaxWarningsShown} more warnings (--json lists them all)");
            }

            console.Out.WriteLine(result.Committed
                ? $"{result.FilesScanned} files: {result.Saved!.Created} rules created, {result.Saved.Updated} updated, {result.Saved.Unchanged} unchanged; {result.FilesRejected} files rejected; {result.Warnings.Count} warnings"
                : $"{result.FilesScanned} files: {result.FilesRejected} rejected; --strict: nothing saved");
        }
    }

    private static Command List(CliConsole console)
    {
        var technique = new Option<string?>("--technique");
        var tactic = new Option<string?>("--tactic") { Description = "Tactic short name, e.g. credential-access" };
        var owner = new Option<string?>("--owner");
        var dataSource = new Option<string?>("--data-source") { Description = "Substring of the data source dependency, e.g. WinEventLog:Security" };
        var validation = new Option<ValidationStatus?>("--validation").NamesOnly<ValidationStatus?, ValidationStatus>();
        var notTested = new Option<int?>("--not-tested-days") { Description = "Only rules never tested or last tested more than N days ago" };
        var take = new Option<int>("--take") { Description = $"Most rules listed (1..{RuleQuery.MaxTake})", DefaultValueFactory = _ => 50 };
        var db = CoverageCliSupport.Db();
        var attack = AttackOptions.Source();
        var json = AttackOptions.Json();
        var command = new Command("list", "List registry rules matching filters") { technique, tactic, owner, dataSource, validation, notTested, take, db, attack, json };
        command.SetAction(async (parse, ct) =>
        {
            // Out-of-range values were clamped silently (--take 0 listed one rule), as incidents and audit list refuse them.
            if (parse.GetValue(take) is < 1 or > RuleQuery.MaxTake)
            {
                return console.Fail($"--take must be 1..{RuleQuery.MaxTake}");
            }

            TechniqueId id = default;
            if (parse.GetValue(technique) is { } t && !TechniqueId.TryParse(t, out id))
            {
                return console.Fail($"'{t}' is not a technique ID");
            }

            // A negative age listed every rule, as if the filter were not given.
            if (parse.GetValue(notTested) is < 0)
            {
                return console.Fail("--not-tested-days is a number of days, 0 or more");
            }

            // A misspelt tactic listed "0 of 0 rules": refused naming the valid ones, as coverage --scope tactic: is.
            string? tacticName = null;
            if (parse.GetValue(tactic) is { } tacticText)
            {
                if (await TacticAsync(console, tacticText, parse.GetValue(attack), ct) is not { } resolved)
                {
                    return 1;
                }

                tacticName = resolved;
            }

            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct, mustExist: true);
            if (services is null)
            {
                return 1;
            }

            var page = await services.GetRequiredService<IRuleRegistry>().QueryAsync(new RuleQuery
            {
                Techniques = id.Value is null ? null : [id], Tactic = tacticName, Owner = parse.GetValue(owner),
                DataSource = parse.GetValue(dataSource), Validation = parse.GetValue(validation),
                NotTestedSince = parse.GetValue(notTested) is { } days ? TimeProvider.System.GetUtcNow().AddDays(-days) : null,
                Take = parse.GetValue(take),
            }, ct);
            if (parse.GetValue(json))
            {
                console.WriteJson(new
                {
                    total = page.Total,
                    items = page.Items.Select(r => new
                    {
                        id = r.Id, source = r.Rule.Source, externalId = r.Rule.ExternalId, title = r.Rule.Title, techniques = r.Rule.Techniques.Select(x => x.Value),
                        owner = r.Rule.Owner, validation = r.EffectiveValidation, lastTested = r.Rule.LastTested,
                    }),
                });
                return 0;
            }

            foreach (var r in page.Items)
            {
                await console.Out.WriteLineAsync($"{r.Rule.ExternalId}\t{r.EffectiveValidation}\t{CliConsole.Field(r.Rule.Owner ?? "-")}\t{string.Join(",", r.Rule.Techniques)}\t{CliConsole.Field(r.Rule.Title)}");
            }

            await console.Out.WriteLineAsync($"{page.Items.Count} of {page.Total} rules");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The short name <paramref name="text"/> names (any case, or a tactic ID), checked against the Enterprise release
    /// (<c>--attack</c> or the default data folder; v19's stealth and defense-impairment are kept, as rules carry them),
    /// or against the Enterprise 18 names when no ATT&amp;CK data is at hand; null after saying why.
    /// </summary>
    private static async Task<string?> TacticAsync(CliConsole console, string text, string[]? sources, CancellationToken ct)
    {
        AttackCollection? release = null;
        if (sources is { Length: > 0 } || DataLocations.DefaultAttackFolder() is not null)
        {
            release = await CoverageCliSupport.LoadEnterpriseAsync(console, sources, null, ct);
            if (release is null)
            {
                return null;
            }
        }

        var names = TacticNames.Of(release is null ? [] : [release]);
        if (names.Resolve(text) is { } name)
        {
            return name;
        }

        console.Fail($"--tactic: {names.Unknown(text)}; the tactics are {string.Join(", ", names.All)}");
        return null;
    }
}
