using Tessera.Core.Audit;

namespace Tessera.Infrastructure.Tests.Audit;

public sealed class AuditLogTests
{
    private static readonly AuditActor Alice = new(AuditActorKind.User, "u-alice", "alice");
    private static readonly AuditActor Forwarder = new(AuditActorKind.ApiKey, "0123456789abcdef", "siem-forwarder");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AuditEvent Event(AuditActor actor, string action, string entityType, string entityId) => new()
    {
        Actor = actor,
        Action = action,
        EntityType = entityType,
        EntityId = entityId,
        BeforeJson = """{"status":"open"}""",
        AfterJson = """{"status":"closed"}""",
        CorrelationId = $"req-{entityId}",
    };

    [Theory, AllProviders]
    public async Task Append_Event_StoresItWithClockTimeAndGrowingId(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var log = test.Get<IAuditLog>();

        var first = await log.AppendAsync(Event(Alice, "incident.update", "incident", "42"), Ct);
        test.Time.Advance(TimeSpan.FromSeconds(3));
        var second = await log.AppendAsync(Event(Alice, "incident.update", "incident", "42"), Ct);

        Assert.True(second.Id > first.Id);
        Assert.Equal(test.Time.GetUtcNow(), second.At);
        var stored = (await log.QueryAsync(new AuditQuery { EntityId = "42" }, Ct)).Items[^1];
        Assert.Equal(first, stored);
        Assert.Equal(Event(Alice, "incident.update", "incident", "42"), stored.Event);
    }

    [Theory, AllProviders]
    public async Task Query_Filters_CombineActorActionPrefixAndEntity(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var log = test.Get<IAuditLog>();
        await log.AppendAsync(Event(Alice, "incident.update", "incident", "1"), Ct);
        await log.AppendAsync(Event(Alice, "incident.close", "incident", "2"), Ct);
        await log.AppendAsync(Event(Alice, "rule.update", "rule", "1"), Ct);
        await log.AppendAsync(Event(Forwarder, "alert.import", "alert", "9"), Ct);
        // "incidental.x" shares the text prefix "incident" but not the dotted prefix "incident.".
        await log.AppendAsync(Event(Alice, "incidental.x", "incident", "3"), Ct);

        var incidentActions = await log.QueryAsync(new AuditQuery { Action = "incident.*" }, Ct);
        var textPrefix = await log.QueryAsync(new AuditQuery { Action = "incid*" }, Ct);
        var byKeys = await log.QueryAsync(new AuditQuery { ActorKind = AuditActorKind.ApiKey }, Ct);
        var oneEntity = await log.QueryAsync(new AuditQuery { EntityType = "incident", EntityId = "2", ActorId = "u-alice" }, Ct);
        var exactAction = await log.QueryAsync(new AuditQuery { Action = "rule.update", CorrelationId = "req-1" }, Ct);

        Assert.Equal(["incident.close", "incident.update"], incidentActions.Items.Select(e => e.Event.Action));
        Assert.Equal(["incident.close", "incident.update", "incidental.x"], textPrefix.Items.Select(e => e.Event.Action).Order(StringComparer.Ordinal));
        Assert.Equal("alert.import", Assert.Single(byKeys.Items).Event.Action);
        Assert.Equal("incident.close", Assert.Single(oneEntity.Items).Event.Action);
        Assert.Equal("rule", Assert.Single(exactAction.Items).Event.EntityType);
    }

    [Theory, AllProviders]
    public async Task Query_Pages_NewestFirstWithTotalCount(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var log = test.Get<IAuditLog>();
        for (var i = 1; i <= 7; i++)
        {
            await log.AppendAsync(Event(Alice, "incident.update", "incident", i.ToString()), Ct);
        }

        var page1 = await log.QueryAsync(new AuditQuery { Take = 3 }, Ct);
        var page3 = await log.QueryAsync(new AuditQuery { Skip = 6, Take = 3 }, Ct);

        Assert.Equal(["7", "6", "5"], page1.Items.Select(e => e.Event.EntityId));
        Assert.Equal(["1"], page3.Items.Select(e => e.Event.EntityId));
        Assert.Equal((7, 7), (page1.TotalCount, page3.TotalCount));
    }

    [Theory, AllProviders]
    public async Task Query_TimeRange_IncludesFromExcludesTo(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var log = test.Get<IAuditLog>();
        var start = test.Time.GetUtcNow();
        for (var hour = 0; hour < 4; hour++)
        {
            await log.AppendAsync(Event(Alice, "incident.update", "incident", $"h{hour}"), Ct);
            test.Time.Advance(TimeSpan.FromHours(1));
        }

        // A non-UTC bound must mean the same instant on both providers.
        var from = start.AddHours(1).ToOffset(TimeSpan.FromHours(2));
        var page = await log.QueryAsync(new AuditQuery { From = from, To = start.AddHours(3) }, Ct);

        Assert.Equal(["h2", "h1"], page.Items.Select(e => e.Event.EntityId));
    }

    [Theory, AllProviders]
    public async Task Append_SnapshotOverCap_StoresSummaryWithLengthHashAndHead(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var log = test.Get<IAuditLog>();
        var full = "[" + string.Join(",", Enumerable.Repeat("\"T1059.001\"", 30_000)) + "]";
        var huge = Event(Alice, "incident.associations.bulk", "incident", "1") with { AfterJson = full, BeforeJson = "{}" };

        await log.AppendAsync(huge, Ct);

        var stored = Assert.Single((await log.QueryAsync(new AuditQuery(), Ct)).Items).Event;
        Assert.Equal("{}", stored.BeforeJson);
        using var summary = System.Text.Json.JsonDocument.Parse(stored.AfterJson!);
        var root = summary.RootElement;
        Assert.True(root.GetProperty("truncated").GetBoolean());
        Assert.Equal(full.Length, root.GetProperty("length").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(full))),
            root.GetProperty("sha256").GetString());
        Assert.Equal(full[..AuditSnapshot.HeadLength], root.GetProperty("head").GetString());
        Assert.True(stored.AfterJson!.Length < AuditEvent.MaxJsonLength);
    }
}
