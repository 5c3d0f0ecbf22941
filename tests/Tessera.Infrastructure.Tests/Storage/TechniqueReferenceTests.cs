namespace Tessera.Infrastructure.Tests.Storage;

public sealed class TechniqueReferenceTests
{
    private const string V17 = "enterprise-attack@17.1";
    private const string V18 = "enterprise-attack@18.1";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TechniqueMigrationPlan Plan(params TechniqueMigration[] migrations) => new()
    {
        FromCollectionKey = V17,
        ToCollectionKey = V18,
        Migrations = migrations,
    };

    [Theory, AllProviders]
    public async Task Migrate_Plan_RewritesListedIdsAndRecordsHistory(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<ITechniqueReferenceStore>();
        var moved = await store.AddAsync(new("incident", "7", "T1086", V17), Ct);
        var kept = await store.AddAsync(new("incident", "7", "T1059.001", V17), Ct);
        test.Time.Advance(TimeSpan.FromDays(30));

        var result = await store.MigrateTechniqueReferencesAsync(
            Plan(new TechniqueMigration("T1086", "T1059.001", "revoked-by T1059.001")), Ct);

        Assert.True(result.Succeeded);
        Assert.Equal((1, 1), (result.Rewritten, result.Retargeted));
        var refs = await store.ListByOwnerAsync("incident", "7", Ct);
        Assert.Equal([("T1059.001", V18), ("T1059.001", V18)], refs.Select(r => (r.TechniqueId, r.CollectionKey)));
        var history = Assert.Single(await store.HistoryAsync(moved.Id, Ct));
        Assert.Equal(("T1086", "T1059.001", V17, V18, "revoked-by T1059.001"),
            (history.OldTechniqueId, history.NewTechniqueId, history.OldCollectionKey, history.NewCollectionKey, history.Reason));
        Assert.Equal(test.Time.GetUtcNow(), history.ChangedAt);
        Assert.Equal("collection upgrade", Assert.Single(await store.HistoryAsync(kept.Id, Ct)).Reason);
    }

    [Theory, AllProviders]
    public async Task Migrate_TwoUpgradesInARow_KeepsEveryHistoryRow(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<ITechniqueReferenceStore>();
        var reference = await store.AddAsync(new("rule", "sigma-1", "T1000", V17), Ct);
        await store.MigrateTechniqueReferencesAsync(Plan(new TechniqueMigration("T1000", "T1001", "merged")), Ct);

        await store.MigrateTechniqueReferencesAsync(new TechniqueMigrationPlan
        {
            FromCollectionKey = V18,
            ToCollectionKey = "enterprise-attack@19.0",
            Migrations = [new TechniqueMigration("T1001", "T1002", "split")],
        }, Ct);

        var history = await store.HistoryAsync(reference.Id, Ct);
        Assert.Equal([("T1000", "T1001"), ("T1001", "T1002")], history.Select(h => (h.OldTechniqueId, h.NewTechniqueId)));
        Assert.Equal("T1002", Assert.Single(await store.ListByOwnerAsync("rule", "sigma-1", Ct)).TechniqueId);
    }

    [Theory, AllProviders]
    public async Task Migrate_ChainInOnePlan_AppliesOneStepPerReference(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<ITechniqueReferenceStore>();
        await store.AddAsync(new("incident", "1", "T1000", V17), Ct);
        await store.AddAsync(new("incident", "1", "T1001", V17), Ct);

        await store.MigrateTechniqueReferencesAsync(Plan(
            new TechniqueMigration("T1000", "T1001", "a"), new TechniqueMigration("T1001", "T1002", "b")), Ct);

        Assert.Equal(["T1001", "T1002"], (await store.ListByOwnerAsync("incident", "1", Ct)).Select(r => r.TechniqueId));
    }

    [Theory, AllProviders]
    public async Task Migrate_InvalidPlan_ReturnsAllErrorsAndChangesNothing(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<ITechniqueReferenceStore>();
        var reference = await store.AddAsync(new("incident", "1", "T1086", V17), Ct);

        var result = await store.MigrateTechniqueReferencesAsync(Plan(
            new TechniqueMigration("T1086", "T1059.001", "revoked"),
            new TechniqueMigration("T1086", "T1059.003", "revoked"),
            new TechniqueMigration("T1003", "", "deprecated")), Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.Contains("T1086 appears 2 times", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("#3", StringComparison.Ordinal));
        Assert.Equal(("T1086", V17), (await store.ListByOwnerAsync("incident", "1", Ct)).Select(r => (r.TechniqueId, r.CollectionKey)).Single());
        Assert.Empty(await store.HistoryAsync(reference.Id, Ct));
    }

    [Theory, AllProviders]
    public async Task Migrate_IdUnknownToBothReleases_KeepsItVerbatim(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<ITechniqueReferenceStore>();
        // T1685 is a v19 ID that Sigma content already uses; it must survive an upgrade untouched.
        await store.AddAsync(new("rule", "sigma-2", "T1685", V17), Ct);
        await store.AddAsync(new("rule", "other", "T1059", "mobile-attack@17.1"), Ct);

        var result = await store.MigrateTechniqueReferencesAsync(Plan(), Ct);

        Assert.Equal((0, 1), (result.Rewritten, result.Retargeted));
        Assert.Equal(("T1685", V18), (await store.ListByOwnerAsync("rule", "sigma-2", Ct)).Select(r => (r.TechniqueId, r.CollectionKey)).Single());
        Assert.Equal("mobile-attack@17.1", (await store.ListByOwnerAsync("rule", "other", Ct)).Single().CollectionKey);
    }
}
