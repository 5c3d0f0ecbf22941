using Tessera.Core.Attack;
using Tessera.Core.Coverage;

namespace Tessera.Infrastructure.Tests.Coverage;

public sealed class RegressionAndSnapshotStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, AllProviders]
    public async Task AddThenList_SinceAndPaging_NewestFirstWithRulesAndSources(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<ICoverageRegressionStore>();
        var at = test.Time.GetUtcNow();
        var rule = new RegressedRule(Guid.NewGuid(), "LSASS dump", RuleState.Validated, RuleState.NoData, RegressionCause.DataSourceDropped);
        CoverageRegression Regression(string technique, DateTimeOffset when) => new()
        {
            ChangeId = Guid.NewGuid(), DetectedAt = when, Trigger = "datasource.status", Actor = "alice", CollectionKey = "enterprise-attack@18.1",
            Technique = TechniqueId.Parse(technique), TechniqueName = technique, Before = CoverageState.Validated, After = CoverageState.NoData,
            Cause = RegressionCause.DataSourceDropped, Rules = [rule], DataSources = ["WinEventLog:Sysmon"],
        };

        var saved = await store.AddAsync([Regression("T1003.001", at.AddDays(-10)), Regression("T1059", at.AddDays(-1)), Regression("T1105", at)], at.AddDays(-11), Ct);

        Assert.All(saved, r => Assert.True(r.Id > 0));
        var recent = await store.ListAsync(at.AddDays(-2), 0, 1, Ct);
        Assert.Equal(2, recent.Total);
        var newest = Assert.Single(recent.Items);
        Assert.Equal(("T1105", RegressionCause.DataSourceDropped, "alice"), (newest.Technique.Value, newest.Cause, newest.Actor));
        Assert.Equal(rule, Assert.Single(newest.Rules));
        Assert.Equal(["WinEventLog:Sysmon"], newest.DataSources);
        Assert.Equal(3, (await store.ListAsync(null, 0, 10, Ct)).Total);
    }

    private static CoverageRegression Drop(string technique, DateTimeOffset when, CoverageState after = CoverageState.Gap) => new()
    {
        ChangeId = Guid.NewGuid(), DetectedAt = when, Trigger = "rule.update", Actor = "alice", CollectionKey = "enterprise-attack@18.1",
        Technique = TechniqueId.Parse(technique), TechniqueName = technique, Before = CoverageState.Validated, After = after,
        Cause = RegressionCause.RuleDisabled, Rules = [], DataSources = [],
    };

    [Theory, AllProviders]
    public async Task Add_DropAnOverlappingChangeReported_StoredOnceOtherDropsKept(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<ICoverageRegressionStore>();
        var before = test.Time.GetUtcNow();
        // Two changes captured coverage at `before`; the first reported T1059 a second later.
        await store.AddAsync([Drop("T1059", before.AddSeconds(1))], before, Ct);

        var second = await store.AddAsync(
            [Drop("T1059", before.AddSeconds(2)), Drop("T1105", before.AddSeconds(2)), Drop("T1059.001", before.AddSeconds(2), CoverageState.RuleExists)], before, Ct);

        Assert.Equal(["T1105", "T1059.001"], second.Select(r => r.Technique.Value));
        Assert.All(second, r => Assert.True(r.Id > 0));
        Assert.Equal(3, (await store.ListAsync(null, 0, 10, Ct)).Total);
    }

    [Theory, AllProviders]
    public async Task Add_SameDropAfterTheChangeBegan_StoredAgain(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<ICoverageRegressionStore>();
        var first = test.Time.GetUtcNow();
        await store.AddAsync([Drop("T1059", first.AddSeconds(1))], first, Ct);

        // Coverage came back, then a later change (its "before" taken after the first report) lost it again.
        var again = await store.AddAsync([Drop("T1059", first.AddSeconds(20))], first.AddSeconds(10), Ct);

        Assert.Equal("T1059", Assert.Single(again).Technique.Value);
        Assert.Equal(2, (await store.ListAsync(null, 0, 10, Ct)).Total);
    }

    [Theory, AllProviders]
    public async Task Add_OverlappingChangesAtOnce_EachDropStoredOnce(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<ICoverageRegressionStore>();
        var before = test.Time.GetUtcNow();
        string[] techniques = ["T1003.001", "T1059", "T1105", "T1547.001"];

        // Eight changes that all captured coverage at `before` report the same drops at the same time.
        var stored = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            Task.Run(() => store.AddAsync(techniques.Select(t => Drop(t, before.AddSeconds(i))).ToList(), before, Ct), Ct)));

        Assert.Equal(techniques, stored.SelectMany(s => s).Select(r => r.Technique.Value).Order(StringComparer.Ordinal));
        Assert.Equal(4, (await store.ListAsync(null, 0, 100, Ct)).Total);
    }

    [Theory, AllProviders]
    public async Task FindAtOrBefore_PicksNearestOlderSnapshot(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<ICoverageSnapshotStore>();
        var now = test.Time.GetUtcNow();
        CoverageSnapshot Snapshot(int daysAgo) => new()
        {
            TakenAt = now.AddDays(-daysAgo), CollectionKey = "enterprise-attack@18.1", Note = $"{daysAgo} days ago",
            All = CoverageCounts.Of("all", []), Priority = CoverageCounts.Of("priority", []),
            States = new Dictionary<string, CoverageState> { ["T1003"] = CoverageState.Validated },
        };
        foreach (var days in new[] { 90, 30, 1 })
        {
            await store.AddAsync(Snapshot(days), Ct);
        }

        Assert.Equal("90 days ago", (await store.FindAtOrBeforeAsync("enterprise-attack@18.1", now.AddDays(-31), Ct))!.Note);
        Assert.Equal("30 days ago", (await store.FindAtOrBeforeAsync("enterprise-attack@18.1", now.AddDays(-30), Ct))!.Note);
        Assert.Equal(CoverageState.Validated, (await store.FindAtOrBeforeAsync("enterprise-attack@18.1", now, Ct))!.StateOf("T1003"));
        Assert.Null(await store.FindAtOrBeforeAsync("enterprise-attack@18.1", now.AddDays(-91), Ct));
        Assert.Null(await store.FindAtOrBeforeAsync("ics-attack@18.1", now, Ct));
    }
}
