namespace Tessera.Infrastructure.Tests.Storage;

public sealed class SettingsStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, AllProviders]
    public async Task Set_ThenOverwrite_GetReturnsLatestValue(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var settings = test.Get<ISettingsStore>();

        await settings.SetAsync("coverage.default-source", "enterprise-attack@17.1", Ct);
        await settings.SetAsync("coverage.default-source", "enterprise-attack@18.1", Ct);

        Assert.Equal("enterprise-attack@18.1", await settings.GetAsync("coverage.default-source", Ct));
        Assert.Null(await settings.GetAsync("coverage.unset", Ct));
    }

    [Theory, AllProviders]
    public async Task Replace_OnlyOverTheValueRead(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var settings = test.Get<ISettingsStore>();

        var created = await settings.ReplaceAsync("attack.index-imports", null, "[1]", Ct);
        var createdTwice = await settings.ReplaceAsync("attack.index-imports", null, "[2]", Ct);
        var overRead = await settings.ReplaceAsync("attack.index-imports", "[1]", "[1,3]", Ct);
        var overStale = await settings.ReplaceAsync("attack.index-imports", "[1]", "[1,4]", Ct);

        Assert.Equal((true, false, true, false), (created, createdTwice, overRead, overStale));
        Assert.Equal("[1,3]", await settings.GetAsync("attack.index-imports", Ct));
    }

    [Theory, AllProviders]
    public async Task Remove_ExistingAndMissingKey_ReportsWhetherDeleted(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var settings = test.Get<ISettingsStore>();
        await settings.SetAsync("b.second", "2", Ct);
        await settings.SetAsync("a.first", """{"json":true}""", Ct);
        await settings.SetAsync("c.third", "", Ct);

        Assert.True(await settings.RemoveAsync("b.second", Ct));
        Assert.False(await settings.RemoveAsync("b.second", Ct));

        var all = await settings.ListAsync(Ct);
        Assert.Equal(["a.first", "c.third"], all.Keys);
        Assert.Equal(("""{"json":true}""", ""), (all["a.first"], all["c.third"]));
    }

    [Theory, AllProviders]
    public async Task Set_OversizedValue_ThrowsAndStoresNothing(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var settings = test.Get<ISettingsStore>();

        await Assert.ThrowsAsync<ArgumentException>(() => settings.SetAsync("big", new string('x', ISettingsStore.MaxValueLength + 1), Ct));
        Assert.Null(await settings.GetAsync("big", Ct));
    }
}
