using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Audit;
using Tessera.Core.Coverage;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera audit list</c>: read the audit trail (server and CLI writes alike) from the database <c>tessera serve</c> uses.</summary>
public static class AuditCommands
{
    public static Command Create(CliConsole console)
    {
        var audit = new Command("audit", "The audit trail: who changed what, through the UI, the REST API or this command line");
        audit.Subcommands.Add(List(console));
        return audit;
    }

    private static Command List(CliConsole console)
    {
        var action = new Option<string?>("--action") { Description = "Exact action (exposure.status) or a prefix ending in * (rule.*, atomic*)" };
        var actor = new Option<string?>("--actor") { Description = "Actor id: cli, a system component (backlog), a user's id or an API key id" };
        var entityType = new Option<string?>("--entity-type") { Description = "e.g. rule, exposure, validation, coverage-snapshot" };
        var entityId = new Option<string?>("--entity-id");
        var since = new Option<string?>("--since") { Description = "Date (yyyy-MM-dd, from the start of that day UTC) or timestamp" };
        var until = new Option<string?>("--until") { Description = "Date (through the end of that day UTC) or timestamp" };
        var take = new Option<int>("--take") { Description = $"Most entries listed, newest first (1..{AuditQuery.MaxTake})", DefaultValueFactory = _ => 50 };
        var db = CoverageCliSupport.Db();
        var json = AttackOptions.Json();
        var command = new Command("list", "List audit entries, newest first; --json includes each entry's before/after snapshots")
        {
            action, actor, entityType, entityId, since, until, take, db, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(take) is < 1 or > AuditQuery.MaxTake)
            {
                return console.Fail($"--take must be 1..{AuditQuery.MaxTake}");
            }

            var from = SnapshotDiffQuery.ParseInstant(parse.GetValue(since), endOfDay: false);
            var to = SnapshotDiffQuery.ParseInstant(parse.GetValue(until), endOfDay: true);
            if ((from is null && parse.GetValue(since) is not null) || (to is null && parse.GetValue(until) is not null))
            {
                return console.Fail("--since and --until are dates (2026-07-01) or timestamps (2026-07-01T12:00:00Z)");
            }

            // Swapped bounds match nothing: an empty list would read as "nothing happened then".
            if (from > to)
            {
                return console.Fail($"--since ({parse.GetValue(since)}) is after --until ({parse.GetValue(until)}); nothing could match");
            }

            if (AuditQuery.ActionProblem(parse.GetValue(action)) is { } problem)
            {
                return console.Fail("--" + problem);
            }

            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct, mustExist: true);
            if (services is null)
            {
                return 1;
            }

            var page = await services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery
            {
                Action = parse.GetValue(action), ActorId = parse.GetValue(actor), EntityType = parse.GetValue(entityType), EntityId = parse.GetValue(entityId),
                // AuditQuery.To is exclusive; the end of a day is its last tick, so step one past it.
                From = from, To = to?.AddTicks(1), Take = parse.GetValue(take),
            }, ct);
            Print(console, page, parse.GetValue(json));
            return 0;
        });
        return command;
    }

    private static void Print(CliConsole console, AuditPage page, bool json)
    {
        if (json)
        {
            console.WriteJson(new
            {
                total = page.TotalCount,
                items = page.Items.Select(e => new
                {
                    id = e.Id, at = e.At, actor = new { kind = e.Event.Actor.Kind, id = e.Event.Actor.Id, name = e.Event.Actor.Name },
                    action = e.Event.Action, entityType = e.Event.EntityType, entityId = e.Event.EntityId, correlationId = e.Event.CorrelationId,
                    before = Parse(e.Event.BeforeJson), after = Parse(e.Event.AfterJson),
                }),
            });
            return;
        }

        foreach (var e in page.Items)
        {
            var entity = e.Event.EntityId is null ? e.Event.EntityType : $"{e.Event.EntityType}/{e.Event.EntityId}";
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z\t{CliConsole.Field(e.Event.Actor.Name)}\t{e.Event.Action}\t{CliConsole.Field(entity)}"));
        }

        console.Out.WriteLine($"{page.Items.Count} of {page.TotalCount} entries");
    }

    // Snapshots are stored as JSON text; embedding them as objects lets a script read a field without a second parse.
    private static JsonNode? Parse(string? text) => text is null ? null : JsonNode.Parse(text);
}
