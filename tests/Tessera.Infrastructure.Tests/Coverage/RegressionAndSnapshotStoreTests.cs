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

        var saved = await store.AddAsync([Regression("T1003.001", at.AddDays(-10)), Regression("T1059", at.AddDays(-1)), Regression("T1105", at)], Ct);

        Assert.All(saved, r => Assert.True(r.Id > 0));
        var recent = await store.ListAsync(at.AddDays(-2), 0, 1, Ct);
        Assert.Equal(2, recent.Total);
        var newest = Assert.Single(recent.Items);
        Assert.Equal(("T1105", RegressionCause.DataSourceDropped, "alice"), (newest.Technique.Value, newest.Cause, newest.Actor));
        Assert.Equal(rule, Assert.Single(newest.Rules));
        Assert.Equal(["WinEventLog:Sysmon"], newest.DataSources);
        Assert.Equal(3, (await store.ListAsync(null, 0, 10, Ct)).Total);
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
