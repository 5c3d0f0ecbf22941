using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Core.Storage;

namespace Tessera.Cli.Commands;

public static partial class AttackCommands
{
    private static Command Migrate(CliConsole console)
    {
        var from = new Option<string>("--from") { Description = "Release the stored references were made against, e.g. 17.1", Required = true };
        var to = new Option<string>("--to") { Description = "Release to move them to, e.g. 18.1", Required = true };
        var domain = new Option<string>("--domain") { Description = "enterprise, mobile or ics", DefaultValueFactory = _ => "enterprise" };
        var apply = new Option<bool>("--apply") { Description = "Rewrite stored references (default: dry run that only lists them)" };
        var db = CoverageCliSupport.Db();
        var source = AttackOptions.Source();
        var json = AttackOptions.Json();
        var command = new Command("migrate",
            "Move stored technique references (incident associations, rule tags, alert-library entries) to a newer release: revoked → replacement; deprecated and unknown IDs are kept and flagged")
            { from, to, domain, apply, db, source, json };
        command.SetAction(async (parse, ct) =>
        {
            if (!AttackDomains.TryParse(parse.GetValue(domain)!, out var d))
            {
                return console.Fail($"'{parse.GetValue(domain)}' is not a domain (enterprise, mobile, ics)");
            }

            var all = await AttackOptions.LoadAllAsync(console, parse.GetValue(source), ct);
            var a = all is null ? null : AttackOptions.Pick(console, all, parse.GetValue(from), d);
            var b = all is null || a is null ? null : AttackOptions.Pick(console, all, parse.GetValue(to), d);
            if (a is null || b is null)
            {
                return 1;
            }

            if (MigrateTechniqueReferencesCommand.RefusalOf(a, b) is { } refusal)
            {
                return console.Fail(refusal);
            }

            // A dry run only reads: a mistyped --db is an error, not a new empty database reporting "0 stored references".
            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct, mustExist: !parse.GetValue(apply));
            if (services is null)
            {
                return 1;
            }

            var report = await new MigrateTechniqueReferencesCommand(services.GetRequiredService<ITechniqueReferenceStore>())
                .ExecuteAsync(a, b, parse.GetValue(apply), "cli:" + Environment.UserName, ct);
            if (report.Errors.Count > 0)
            {
                return console.Fail(string.Join("; ", report.Errors));
            }

            if (report.Applied)
            {
                await CliAudit.WriteAsync(services, "attack.migrate", "attack-migration", $"{a.Info.Key}→{b.Info.Key}", null, ReferenceMigrationSummary.Of(report), ct);
            }

            await WriteMigrationAsync(console, report, parse.GetValue(json));
            return 0;
        });
        return command;
    }

    private static async Task WriteMigrationAsync(CliConsole console, ReferenceMigrationReport report, bool json)
    {
        if (json)
        {
            console.WriteJson(new
            {
                from = report.From.Key, to = report.To.Key, applied = report.Applied,
                replace = report.Count(MigrationAction.Replace), review = report.Count(MigrationAction.Review),
                unknown = report.Count(MigrationAction.Unknown), keep = report.Count(MigrationAction.Keep),
                rewritten = report.Result?.Rewritten, retargeted = report.Result?.Retargeted,
                items = report.Items.Select(i => new
                {
                    kind = i.Reference.Kind, ownerId = i.Reference.OwnerId, label = i.Reference.Label, techniqueId = i.Reference.TechniqueId,
                    action = i.Action, newId = i.NewId, reason = i.Reason,
                }),
                changes = report.Result?.Changes,
            });
            return;
        }

        foreach (var i in report.Items.Where(i => i.Action != MigrationAction.Keep))
        {
            var arrow = i.Action == MigrationAction.Replace ? $" → {i.NewId}" : "";
            await console.Out.WriteLineAsync($"{i.Action,-8} {i.Reference.Kind,-20} {i.Reference.OwnerId,-38} {i.Reference.TechniqueId}{arrow}: {i.Reason} ({i.Reference.Label})");
        }

        await console.Out.WriteLineAsync(
            $"{report.From.Key} → {report.To.Key}: {report.Items.Count} stored references; {report.Count(MigrationAction.Replace)} to replace, " +
            $"{report.Count(MigrationAction.Review)} deprecated/removed (kept, flagged), {report.Count(MigrationAction.Unknown)} unknown (kept, flagged), {report.Count(MigrationAction.Keep)} unchanged");
        await console.Out.WriteLineAsync(report.Applied
            ? $"applied: {report.Result!.Rewritten} rewritten (old IDs kept in the migration log), {report.Result.Retargeted} generic references retargeted"
            : "dry run: nothing changed; add --apply to migrate");
    }
}
