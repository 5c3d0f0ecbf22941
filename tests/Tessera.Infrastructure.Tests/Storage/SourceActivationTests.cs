using Tessera.Core.Attack;

namespace Tessera.Infrastructure.Tests.Storage;

public sealed class SourceActivationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CollectionInfo Collection(AttackDomain domain, string version) => new()
    {
        Domain = domain,
        Version = version,
        Name = $"{domain} ATT&CK",
        StixVersion = "2.1",
    };

    [Theory, AllProviders]
    public async Task Activate_NewCollection_IsListedAsActiveWithWhoAndWhen(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var sources = test.Get<ISourceActivationStore>();

        var source = await sources.ActivateAsync(Collection(AttackDomain.Enterprise, "18.1"), "admin", Ct);

        Assert.Equal("enterprise-attack@18.1", source.Key);
        var stored = (await sources.FindAsync("enterprise-attack@18.1", Ct))!;
        Assert.Equal((AttackDomain.Enterprise, "18.1", true, "admin"), (stored.Domain, stored.Version, stored.IsActive, stored.ChangedBy));
        Assert.Equal(test.Time.GetUtcNow(), stored.ChangedAt);
    }

    [Theory, AllProviders]
    public async Task List_ActiveOnly_HidesDeactivatedCollections(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var sources = test.Get<ISourceActivationStore>();
        await sources.ActivateAsync(Collection(AttackDomain.Enterprise, "17.1"), "admin", Ct);
        await sources.ActivateAsync(Collection(AttackDomain.Enterprise, "18.1"), "admin", Ct);
        await sources.ActivateAsync(Collection(AttackDomain.Ics, "18.1"), "admin", Ct);
        test.Time.Advance(TimeSpan.FromDays(1));

        Assert.True(await sources.DeactivateAsync("enterprise-attack@17.1", "root", Ct));

        Assert.Equal(["enterprise-attack@18.1", "ics-attack@18.1"], (await sources.ListAsync(activeOnly: true, Ct)).Select(s => s.Key));
        var all = await sources.ListAsync(activeOnly: false, Ct);
        var old = Assert.Single(all, s => s.Key == "enterprise-attack@17.1");
        Assert.Equal((false, "root", test.Time.GetUtcNow()), (old.IsActive, old.ChangedBy, old.ChangedAt));
    }

    [Theory, AllProviders]
    public async Task Activate_PreviouslyDeactivated_BecomesActiveAgainWithoutDuplicate(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var sources = test.Get<ISourceActivationStore>();
        await sources.ActivateAsync(Collection(AttackDomain.Mobile, "18.1"), "admin", Ct);
        await sources.DeactivateAsync("mobile-attack@18.1", "admin", Ct);

        await sources.ActivateAsync(Collection(AttackDomain.Mobile, "18.1"), "second-admin", Ct);

        var only = Assert.Single(await sources.ListAsync(activeOnly: false, Ct));
        Assert.Equal((true, "second-admin"), (only.IsActive, only.ChangedBy));
    }

    [Theory, AllProviders]
    public async Task Deactivate_UnknownKey_ReturnsFalse(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);

        Assert.False(await test.Get<ISourceActivationStore>().DeactivateAsync("enterprise-attack@99.0", "admin", Ct));
    }
}
