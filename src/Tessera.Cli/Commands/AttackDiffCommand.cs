using System.CommandLine;
using Tessera.Core.Attack;

namespace Tessera.Cli.Commands;

public static partial class AttackCommands
{
    private static Command Diff(CliConsole console)
    {
        var from = new Argument<string>("from") { Description = "Older version or collection key, e.g. 17.1 or enterprise-attack@17.1" };
        var to = new Argument<string>("to") { Description = "Newer version or collection key, e.g. 18.1" };
        var techniques = new Option<string[]>("--technique", "-t")
        {
            Description = "Only these technique IDs (a mapping made against FROM): report what changed for each and the migration plan",
            AllowMultipleArgumentsPerToken = true,
        };
        var source = AttackOptions.Source();
        var json = AttackOptions.Json();
        var command = new Command("diff", "What changed between two ATT&CK versions (whole release, or for the techniques you mapped)")
            { from, to, techniques, source, json };
        command.SetAction(async (parse, ct) =>
        {
            var all = await AttackOptions.LoadAllAsync(console, parse.GetValue(source), ct);
            var a = all is null ? null : AttackOptions.Pick(console, all, parse.GetValue(from));
            var b = all is null || a is null ? null : AttackOptions.Pick(console, all, parse.GetValue(to), a.Info.Domain);
            if (a is null || b is null)
            {
                return 1;
            }

            if (a.Info.Domain != b.Info.Domain)
            {
                return console.Fail($"{a.Info.Key} and {b.Info.Key} are releases of different domains; a diff compares two releases of one domain");
            }

            var ids = parse.GetValue(techniques) ?? [];
            if (ids.Length > 0)
            {
                return await DiffTechniquesAsync(console, a, b, ids, parse.GetValue(json));
            }

            var diff = AttackVersionDiff.Compare(a, b);
            if (parse.GetValue(json))
            {
                console.WriteJson(new
                {
                    from = diff.From.Key, to = diff.To.Key, byType = diff.ByType,
                    addedTechniques = diff.AddedTechniques.Select(t => new { id = t.AttackId, name = t.Name }),
                    changedTechniques = diff.ChangedTechniques.Select(TechniqueDiffView.Of),
                });
                return 0;
            }

            await console.Out.WriteLineAsync($"{diff.From.Key} → {diff.To.Key}");
            await console.Out.WriteLineAsync($"  {"type",-28} {"added",6} {"removed",8} {"revoked",8} {"deprecated",11} {"changed",8} {"unchanged",10}");
            foreach (var t in diff.ByType)
            {
                await console.Out.WriteLineAsync($"  {t.Type,-28} {t.Added,6} {t.Removed,8} {t.Revoked,8} {t.Deprecated,11} {t.Changed,8} {t.Unchanged,10}");
            }

            await console.Out.WriteLineAsync($"  new techniques: {diff.AddedTechniques.Count}; techniques with mapping-relevant changes: {diff.ChangedTechniques.Count}");
            foreach (var change in diff.ChangedTechniques.Take(50))
            {
                await console.Out.WriteLineAsync("    " + TechniqueDiffView.Of(change).Summary);
            }

            return 0;
        });
        return command;
    }

    private static async Task<int> DiffTechniquesAsync(CliConsole console, AttackCollection a, AttackCollection b, string[] ids, bool json)
    {
        var diffs = AttackVersionDiff.CompareTechniques(ids, a, b);
        var plan = AttackVersionDiff.PlanMigration(ids, a, b);
        if (json)
        {
            console.WriteJson(new
            {
                from = a.Info.Key, to = b.Info.Key, techniques = diffs.Select(TechniqueDiffView.Of),
                migration = plan.Steps.Select(s => new { oldId = s.OldId, newId = s.NewId, action = s.Action.ToString(), reason = s.Reason }),
            });
            return 0;
        }

        foreach (var (diff, step) in diffs.Zip(plan.Steps))
        {
            await console.Out.WriteLineAsync($"{TechniqueDiffView.Of(diff).Summary}  → {step.Action}{(step.NewId is { } n && n != step.OldId ? " " + n : "")}: {step.Reason}");
        }

        return 0;
    }

    private sealed record TechniqueDiffView(string Id, string Changes, string? OldName, string? NewName, string? Replacement,
        IReadOnlyList<string> AddedTactics, IReadOnlyList<string> RemovedTactics, IReadOnlyList<string> NewSubtechniques)
    {
        public static TechniqueDiffView Of(TechniqueDiff d) => new(d.Id, d.Changes.ToString(), d.OldName, d.NewName, d.Replacement?.AttackId,
            d.AddedTactics, d.RemovedTactics, d.NewSubtechniques);

        public string Summary =>
            $"{Id} {OldName ?? NewName}: {Changes}" +
            (OldName is not null && NewName is not null && OldName != NewName ? $" (renamed to '{NewName}')" : "") +
            (Replacement is not null ? $" (replaced by {Replacement})" : "") +
            (AddedTactics.Count > 0 ? $" (+tactics {string.Join(",", AddedTactics)})" : "") +
            (RemovedTactics.Count > 0 ? $" (-tactics {string.Join(",", RemovedTactics)})" : "") +
            (NewSubtechniques.Count > 0 ? $" (new sub-techniques {string.Join(",", NewSubtechniques)})" : "");
    }
}
