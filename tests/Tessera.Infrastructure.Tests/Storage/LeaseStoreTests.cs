namespace Tessera.Infrastructure.Tests.Storage;

public sealed class LeaseStoreTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(1);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, AllProviders]
    public async Task TryAcquire_HeldByAnotherOwner_ReturnsNullUntilExpiry(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var leases = test.Get<ILeaseStore>();

        var a = await leases.TryAcquireAsync("attack-sync", "instance-a", Duration, Ct);
        var bWhileHeld = await leases.TryAcquireAsync("attack-sync", "instance-b", Duration, Ct);
        test.Time.Advance(Duration + TimeSpan.FromSeconds(1));
        var bAfterExpiry = await leases.TryAcquireAsync("attack-sync", "instance-b", Duration, Ct);
        var aRenewAfterLoss = await leases.RenewAsync("attack-sync", "instance-a", Duration, Ct);

        Assert.Equal(new Lease("attack-sync", "instance-a", test.Time.GetUtcNow() - TimeSpan.FromSeconds(61) + Duration), a);
        Assert.Null(bWhileHeld);
        Assert.Equal("instance-b", bAfterExpiry?.Owner);
        Assert.Null(aRenewAfterLoss);
    }

    [Theory, AllProviders]
    public async Task Renew_ByHolder_ExtendsSoOthersStayOut(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var leases = test.Get<ILeaseStore>();
        await leases.TryAcquireAsync("digest", "instance-a", Duration, Ct);
        test.Time.Advance(Duration * 0.8);

        var renewed = await leases.RenewAsync("digest", "instance-a", Duration, Ct);
        test.Time.Advance(Duration * 0.8);
        var other = await leases.TryAcquireAsync("digest", "instance-b", Duration, Ct);

        Assert.Equal(test.Time.GetUtcNow() - Duration * 0.8 + Duration, renewed?.ExpiresAt);
        Assert.Null(other);
    }

    [Theory, AllProviders]
    public async Task Release_OnlyByHolder_FreesTheLease(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var leases = test.Get<ILeaseStore>();
        await leases.TryAcquireAsync("digest", "instance-a", Duration, Ct);

        Assert.False(await leases.ReleaseAsync("digest", "instance-b", Ct));
        Assert.True(await leases.ReleaseAsync("digest", "instance-a", Ct));
        Assert.Equal("instance-b", (await leases.TryAcquireAsync("digest", "instance-b", Duration, Ct))?.Owner);
    }

    [Theory, AllProviders]
    public async Task TryAcquire_ManyOwnersAtOnce_ExactlyOneWins(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var leases = test.Get<ILeaseStore>();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => leases.TryAcquireAsync("nightly-coverage", $"instance-{i}", Duration, Ct), Ct)));

        var winner = Assert.Single(attempts, l => l is not null);
        Assert.Equal(winner!.Owner, (await leases.RenewAsync("nightly-coverage", winner.Owner, Duration, Ct))?.Owner);
    }
}
