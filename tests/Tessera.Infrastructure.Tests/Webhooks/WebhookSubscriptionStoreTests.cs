using Tessera.Core.Webhooks;
using Tessera.Infrastructure.Webhooks;

namespace Tessera.Infrastructure.Tests.Webhooks;

public sealed class WebhookSubscriptionStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static WebhookSubscription Subscription(Uri url, string secret, params string[] types) => new()
    {
        Id = Guid.NewGuid(), Name = "soar", Url = url, Secret = secret, EventTypes = types.Length == 0 ? ["*"] : types, CreatedBy = "admin",
    };

    [Theory, AllProviders]
    public async Task Create_ThenFind_KeepsEveryFieldIncludingSecret(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<IWebhookSubscriptionStore>();
        var subscription = Subscription(new Uri("https://soar.example.org/hooks/tessera"), "whsec_store_test_secret_1", "coverage.regression", "backlog.item.created");

        var created = await store.CreateAsync(subscription, Ct);
        var found = await store.FindAsync(subscription.Id, Ct);

        Assert.True(created.IsSaved);
        Assert.NotNull(found);
        Assert.Equal(subscription.Url, found.Url);
        Assert.Equal("whsec_store_test_secret_1", found.Secret);
        Assert.Equal(["coverage.regression", "backlog.item.created"], found.EventTypes);
        Assert.Equal(("soar", "admin", test.Time.GetUtcNow()), (found.Name, found.CreatedBy, found.CreatedAt));
    }

    [Theory, AllProviders]
    public async Task Update_DisableAndRotate_KeepsCreatorAndRejectsInvalidOrMissing(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<IWebhookSubscriptionStore>();
        var subscription = Subscription(new Uri("https://soar.example.org/a"), "whsec_store_test_secret_1");
        await store.CreateAsync(subscription, Ct);

        var updated = await store.UpdateAsync(subscription with
        {
            Enabled = false, Secret = "whsec_store_test_secret_2", Url = new Uri("https://soar.example.org/b"), EventTypes = ["coverage.regression"],
        }, Ct);
        var invalid = await store.UpdateAsync(subscription with { Secret = "short" }, Ct);
        var missing = await store.UpdateAsync(subscription with { Id = Guid.NewGuid() }, Ct);
        var found = await store.FindAsync(subscription.Id, Ct);

        Assert.True(updated.IsSaved);
        Assert.Equal((SaveStatus.Invalid, SaveStatus.NotFound), (invalid.Status, missing.Status));
        Assert.NotNull(found);
        Assert.Equal((false, "whsec_store_test_secret_2", "https://soar.example.org/b", "admin"), (found.Enabled, found.Secret, found.Url.AbsoluteUri, found.CreatedBy));
        Assert.Equal(["coverage.regression"], found.EventTypes);
    }

    [Theory, AllProviders]
    public async Task Create_InvalidSubscription_ReturnsInvalidWithEveryProblemAndStoresNothing(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<IWebhookSubscriptionStore>();

        var result = await store.CreateAsync(Subscription(new Uri("ftp://x.example.org/"), "short", "Not A Type"), Ct);

        Assert.Equal(SaveStatus.Invalid, result.Status);
        Assert.Contains("http or https", result.Message);
        Assert.Contains("secret must be at least", result.Message);
        Assert.Contains("'Not A Type'", result.Message);
        Assert.Empty(await store.ListAsync(Ct));
    }

    [Theory, AllProviders]
    public async Task Delete_WithQueuedDeliveries_RemovesThemButKeepsOtherSubscriptions(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<IWebhookSubscriptionStore>();
        var a = Subscription(new Uri("https://a.example.org/"), "whsec_store_test_secret_a");
        var b = Subscription(new Uri("https://b.example.org/"), "whsec_store_test_secret_b");
        await store.CreateAsync(a, Ct);
        await store.CreateAsync(b, Ct);
        await test.Get<IWebhookOutbox>().EnqueueAsync(WebhookEvent.Create(WebhookEventTypes.BacklogItemCreated, new { id = 1 }, test.Time), Ct);

        Assert.True(await store.DeleteAsync(a.Id, Ct));
        Assert.False(await store.DeleteAsync(a.Id, Ct));

        Assert.Equal([b.Id], (await store.ListAsync(Ct)).Select(s => s.Id));
        Assert.Empty(await store.ListDeliveriesAsync(a.Id, 50, Ct));
        Assert.Single(await store.ListDeliveriesAsync(b.Id, 50, Ct));
        Assert.Equal(1, await test.Get<EfWebhookOutbox>().CountPendingAsync(Ct));
    }
}
