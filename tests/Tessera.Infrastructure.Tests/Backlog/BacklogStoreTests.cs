using Tessera.Core.Attack;
using Tessera.Core.Backlog;
using Tessera.Core.Storage;

namespace Tessera.Infrastructure.Tests.Backlog;

public sealed class BacklogStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static BacklogItem Item(string technique, BacklogReason reason, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(), Technique = TechniqueId.Parse(technique), TechniqueName = technique, Reason = reason, State = BacklogState.Open,
        Owner = "endpoint-team", DueOn = new DateOnly(2025, 12, 1), Detail = "no enabled rule", CreatedAt = at, UpdatedAt = at,
    };

    [Theory, AllProviders]
    public async Task Apply_SameTechniqueAndReasonTwice_StoredOnce(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<IBacklogStore>();
        var now = test.Time.GetUtcNow();

        var first = await store.ApplyAsync(new BacklogPlan([Item("T1003", BacklogReason.Gap, now), Item("T1059", BacklogReason.Failing, now)], [], []), Ct);
        // A second instance reconciling from the same (stale) read: the unique key keeps one item per technique and reason.
        var second = await store.ApplyAsync(new BacklogPlan([Item("T1003", BacklogReason.Gap, now), Item("T1003", BacklogReason.Stale, now)], [], []), Ct);

        Assert.Equal(2, first.Create.Count);
        Assert.Equal(BacklogReason.Stale, Assert.Single(second.Create).Reason);
        var all = await store.ListAllAsync(Ct);
        Assert.Equal(3, all.Count);
        Assert.All(all, i => Assert.Equal(1, i.Version));
    }

    [Theory, AllProviders]
    public async Task Edit_StaleVersion_ConflictAndNothingChanged(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<IBacklogStore>();
        var item = Assert.Single((await store.ApplyAsync(new BacklogPlan([Item("T1003", BacklogReason.Gap, test.Time.GetUtcNow())], [], []), Ct)).Create);
        test.Time.Advance(TimeSpan.FromHours(1));

        var saved = await store.EditAsync(item.Id, item.Version, new BacklogEdit { Owner = "alice", State = BacklogState.Done, Note = "rule deployed" }, Ct);
        var stale = await store.EditAsync(item.Id, item.Version, new BacklogEdit { Owner = "bob" }, Ct);

        Assert.True(saved.IsSaved);
        Assert.Equal(("alice", BacklogState.Done, "rule deployed", 2L, (DateTimeOffset?)test.Time.GetUtcNow()),
            (saved.Value!.Owner, saved.Value.State, saved.Value.Note, saved.Value.Version, saved.Value.ClosedAt));
        Assert.Equal(SaveStatus.Conflict, stale.Status);
        Assert.Equal("alice", (await store.GetAsync(item.Id, Ct))!.Owner);
        Assert.Equal(SaveStatus.Invalid, (await store.EditAsync(item.Id, 2, new BacklogEdit { State = BacklogState.ClosedAutomatically }, Ct)).Status);
    }

    [Theory, AllProviders]
    public async Task ApplyClose_ItemEditedSinceRead_SkippedAndQueryFiltersByState(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<IBacklogStore>();
        var now = test.Time.GetUtcNow();
        var created = (await store.ApplyAsync(new BacklogPlan([Item("T1003", BacklogReason.Gap, now), Item("T1105", BacklogReason.Gap, now)], [], []), Ct)).Create;
        var edited = created.Single(i => i.Technique.Value == "T1003");
        await store.EditAsync(edited.Id, edited.Version, new BacklogEdit { State = BacklogState.InProgress }, Ct);

        var closing = created.Select(i => i with { State = BacklogState.ClosedAutomatically, ClosedAt = now }).ToList();
        var applied = await store.ApplyAsync(new BacklogPlan([], [], closing), Ct);

        Assert.Equal("T1105", Assert.Single(applied.Close).Technique.Value);
        var open = await store.QueryAsync(new BacklogQuery { States = [BacklogState.Open, BacklogState.InProgress] }, Ct);
        Assert.Equal(["T1003"], open.Items.Select(i => i.Technique.Value));
        Assert.Equal(1, (await store.QueryAsync(new BacklogQuery { Owner = "ENDPOINT-team", Technique = "t1105" }, Ct)).Total);
    }
}
