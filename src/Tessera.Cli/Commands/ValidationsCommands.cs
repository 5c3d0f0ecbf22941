using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Atomic;
using Tessera.Core.Detection.Validation;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera validations import</c>: record Invoke-AtomicRedTeam executions and their detection verdict.</summary>
public static class ValidationsCommands
{
    public static Command Create(CliConsole console)
    {
        var validations = new Command("validations", "Validation runs: import Atomic Red Team execution logs");
        validations.Subcommands.Add(Import(console));
        return validations;
    }

    private static Command Import(CliConsole console)
    {
        var logs = new Argument<FileInfo[]>("log") { Description = "Invoke-AtomicRedTeam execution logs (.csv or .json)", Arity = ArgumentArity.ZeroOrMore };
        var outcome = new Option<ValidationOutcome>("--outcome")
        {
            Description = "Verdict for executions that exited 0: Detected (with --fired), NotDetected, or Pending (default: recorded, changes no rule)",
            DefaultValueFactory = _ => ValidationOutcome.Pending,
        }.NamesOnly<ValidationOutcome, ValidationOutcome>();
        var fired = new Option<string[]>("--fired") { Description = "Rule ids (registry id or Sigma id) that fired; repeatable", AllowMultipleArgumentsPerToken = true };
        var atomics = new Option<string?>("--atomics") { Description = "Import the Atomic catalogue first: an atomics/ folder or Indexes-CSV/index.csv" };
        var db = CoverageCliSupport.Db();
        var json = AttackOptions.Json();
        var attack = AttackOptions.Source();
        var command = new Command("import", "Record execution logs as validation runs; all logs are checked before anything is saved") { logs, outcome, fired, atomics, db, attack, json };
        command.SetAction(async (parse, ct) =>
        {
            var firedRules = parse.GetValue(fired) ?? [];
            // System.CommandLine reads an empty argument ("") as no file at all.
            if ((parse.GetValue(logs) ?? []).Any(l => l is null))
            {
                return console.Fail("a log path is empty; nothing was recorded");
            }

            if (parse.GetValue(outcome) == ValidationOutcome.Detected && firedRules.Length == 0)
            {
                return console.Fail("--outcome Detected needs --fired naming the rules that fired");
            }

            // Regressions (a validation that now fails) are recorded against Enterprise ATT&CK when there is one to read.
            var attackGiven = parse.GetValue(attack);
            var enterprise = attackGiven is { Length: > 0 } || DataLocations.DefaultAttackFolder() is not null
                ? await CoverageCliSupport.LoadEnterpriseAsync(console, attackGiven, null, ct)
                : null;
            if (enterprise is null && attackGiven is { Length: > 0 })
            {
                return 1;
            }

            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct);
            if (services is null)
            {
                return 1;
            }

            var store = services.GetRequiredService<IAtomicTestStore>();
            if (parse.GetValue(atomics) is { } catalogPath)
            {
                var read = Directory.Exists(catalogPath)
                    ? await AtomicCatalogReader.ReadFolderAsync(catalogPath, ct)
                    : await AtomicCatalogReader.ReadIndexCsvAsync(catalogPath, ct);
                foreach (var error in read.Errors)
                {
                    await console.Error.WriteLineAsync($"catalogue: {error}");
                }

                var replaced = await store.ReplaceAsync(read.Catalog, ct);
                // The server has no catalogue upload (the demo seeder loads it): named like alert-library.import.
                await CliAudit.WriteAsync(services, "atomic-catalog.import", "atomic-catalog", null, null,
                    new { file = Path.GetFileName(Path.TrimEndingDirectorySeparator(catalogPath)), stored = replaced, read.Rejected, errors = read.Errors.Count }, ct);
                await console.Error.WriteLineAsync($"Atomic catalogue: {replaced} tests stored ({read.Rejected} rejected)");
            }

            var reader = new AtomicExecutionLogReader(await store.LoadAsync(ct), services.GetRequiredService<TimeProvider>());
            var results = new List<AtomicExecutionLogResult>();
            foreach (var log in parse.GetValue(logs) ?? [])
            {
                results.Add(await reader.ReadFileAsync(log.FullName, ct));
            }

            var errors = results.SelectMany(r => r.Errors).ToList();
            foreach (var issue in errors.Concat(results.SelectMany(r => r.Warnings)))
            {
                await console.Error.WriteLineAsync(issue.ToString());
            }

            if (errors.Count > 0)
            {
                return console.Fail($"{errors.Count} error(s) in {results.Count(r => !r.IsValid)} log(s); nothing was recorded");
            }

            var runs = AtomicRunMapper.ToRuns(results.SelectMany(r => r.Executions).ToList(), parse.GetValue(outcome), firedRules, Guid.NewGuid)
                .Select(r => r with { RecordedBy = Environment.UserName }).ToList();
            var validations = services.GetRequiredService<IValidationStore>();
            var before = await CoverageCliSupport.CaptureAsync(services, enterprise, ct);
            var recorded = runs.Count == 0 ? null : await validations.RecordAsync(runs, ct);
            IReadOnlyList<RuleValidationChange> changes = recorded?.Changes ?? [];
            // Results stored already (the same log imported again) or repeated within the input are skipped by the store
            // and counted here; the audit lists only the runs it stored.
            var unchanged = recorded?.Unchanged ?? 0;
            var storedIds = recorded?.StoredRunIds ?? [];
            var stored = storedIds.Count;
            // Kept, like the API does: the rule may be registered later; a typo is worth a line on standard error.
            var unknownFired = recorded?.UnknownFiredRules ?? [];
            foreach (var key in unknownFired)
            {
                await console.Error.WriteLineAsync($"warning: --fired '{key}' is not a registered rule (by id or external id); no rule changed for it");
            }

            if (runs.Count > 0)
            {
                // The server's validation.record payload, plus the logs read.
                await CliAudit.WriteAsync(services, "validation.record", "validation", null, null, new
                {
                    recorded = stored, unchanged, ruleChanges = changes.Count, runIds = storedIds.Take(100),
                    files = results.Select(r => Path.GetFileName(r.File)),
                }, ct);
            }

            if (changes.Count > 0)
            {
                await CoverageCliSupport.RecordChangeAsync(console, services, enterprise, before, "validation.record (cli)", ct);
            }

            if (parse.GetValue(json))
            {
                console.WriteJson(new
                {
                    recorded = stored, unchanged, unknownTests = runs.Count(r => !r.IsKnownTest), unknownFiredRules = unknownFired,
                    ruleChanges = changes.Select(c => new { ruleId = c.RuleId, status = c.Status, testedAt = c.TestedAt }),
                });
            }
            else
            {
                await console.Out.WriteLineAsync($"{stored} runs recorded, {unchanged} unchanged (already recorded or repeated in the input) ({runs.Count(r => !r.IsKnownTest)} with unknown test GUIDs); {changes.Count} rule statuses changed " +
                    $"({changes.Count(c => c.Status == ValidationStatus.TestedPassing)} passing, {changes.Count(c => c.Status == ValidationStatus.TestedFailing)} failing)");
            }

            return 0;
        });
        return command;
    }
}
