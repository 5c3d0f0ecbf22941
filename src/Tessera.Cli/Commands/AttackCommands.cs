using System.CommandLine;
using Tessera.Core.Attack;
using Tessera.Core.Stix;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera attack list|show|import|diff</c>: browse and check ATT&amp;CK collections.</summary>
public static partial class AttackCommands
{
    public static Command Create(CliConsole console)
    {
        var attack = new Command("attack", "Browse and check ATT&CK collections (Enterprise, Mobile, ICS; STIX 2.0 and 2.1)");
        attack.Subcommands.Add(List(console));
        attack.Subcommands.Add(Show(console));
        attack.Subcommands.Add(Import(console));
        attack.Subcommands.Add(Diff(console));
        attack.Subcommands.Add(Migrate(console));
        return attack;
    }

    private static Command List(CliConsole console)
    {
        var source = AttackOptions.Source();
        var json = AttackOptions.Json();
        var command = new Command("list", "List the loaded ATT&CK collections with their object counts") { source, json };
        command.SetAction(async (parse, ct) =>
        {
            var all = await AttackOptions.LoadAllAsync(console, parse.GetValue(source), ct);
            if (all is null)
            {
                return 1;
            }

            var rows = all.OrderBy(c => c.Info.Domain).ThenBy(c => c.Info.Version, StringComparer.Ordinal).Select(c => new
            {
                key = c.Info.Key, name = c.Info.Name, domain = c.Info.Domain.ToStixName(), version = c.Info.Version,
                stix = c.Info.StixVersion, techniques = c.Techniques.Count(t => t.IsActive && !t.IsSubtechnique),
                subtechniques = c.Techniques.Count(t => t.IsActive && t.IsSubtechnique), tactics = c.Tactics.Count(t => t.IsActive),
                groups = c.Groups.Count(g => g.IsActive), software = c.Software.Count(s => s.IsActive), source = c.Info.Source,
            }).ToList();
            if (parse.GetValue(json))
            {
                console.WriteJson(rows);
                return 0;
            }

            foreach (var r in rows)
            {
                await console.Out.WriteLineAsync(
                    $"{r.key,-22} {r.name,-18} STIX {r.stix}  {r.tactics,2} tactics  {r.techniques,4} techniques  {r.subtechniques,4} sub-techniques  {r.groups,4} groups");
            }

            return 0;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "Technique ID, e.g. T1059.001" };
        var source = AttackOptions.Source();
        var json = AttackOptions.Json();
        var collectionKey = new Option<string?>("--collection") { Description = "Collection key or version, e.g. enterprise-attack@17.1 (default: newest Enterprise)" };
        var command = new Command("show", "Show a technique with its tactics, platforms and sub-techniques") { id, source, collectionKey, json };
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(id)!;
            if (!TechniqueId.TryParse(text, out var techniqueId))
            {
                return console.Fail($"'{text}' is not an ATT&CK technique ID (expected T1234 or T1234.567)", 2);
            }

            var all = await AttackOptions.LoadAllAsync(console, parse.GetValue(source), ct);
            var collection = all is null ? null : AttackOptions.Pick(console, all, parse.GetValue(collectionKey));
            if (collection is null)
            {
                return 1;
            }

            var technique = collection.FindTechnique(techniqueId);
            if (technique is null)
            {
                return console.Fail($"technique {techniqueId} is not in {collection.Info.Key}", 3);
            }

            var view = TechniqueView.Of(collection, technique);
            if (parse.GetValue(json))
            {
                console.WriteJson(view);
                return 0;
            }

            await console.Out.WriteLineAsync($"{view.Id}  {view.Name}{(view.Revoked ? "  [revoked]" : "")}{(view.Deprecated ? "  [deprecated]" : "")}");
            await console.Out.WriteLineAsync($"  collection: {view.Collection}");
            await console.Out.WriteLineAsync($"  tactics:    {string.Join(", ", view.Tactics.Select(t => $"{t.Name} ({t.Id})"))}");
            await console.Out.WriteLineAsync($"  platforms:  {string.Join(", ", view.Platforms)}");
            if (view.Subtechniques.Count > 0)
            {
                await console.Out.WriteLineAsync($"  sub-techniques: {string.Join(", ", view.Subtechniques.Select(s => s.Id))}");
            }

            await console.Out.WriteLineAsync($"  {view.Url}");
            return 0;
        });
        return command;
    }

    private sealed record TacticView(string Id, string ShortName, string Name);

    private sealed record TechniqueRef(string Id, string Name);

    private sealed record TechniqueView(
        string Id, string Name, string Collection, bool IsSubtechnique, string? Parent, IReadOnlyList<TacticView> Tactics,
        IReadOnlyList<string> Platforms, IReadOnlyList<TechniqueRef> Subtechniques, bool Revoked, bool Deprecated, string? Url, string Description)
    {
        public static TechniqueView Of(AttackCollection c, Technique t)
        {
            var tactics = t.Tactics
                .Select(shortName => c.FindTactic(shortName))
                .OfType<Tactic>()
                .Select(x => new TacticView(x.AttackId, x.ShortName, x.Name))
                .ToList();
            var subs = c.Subtechniques(t).Select(s => new TechniqueRef(s.AttackId, s.Name)).ToList();
            return new TechniqueView(t.AttackId, t.Name, c.Info.Key, t.IsSubtechnique, c.ParentOf(t)?.AttackId,
                tactics, t.Platforms, subs, t.Revoked, t.Deprecated, t.Url, t.Description);
        }
    }
}
