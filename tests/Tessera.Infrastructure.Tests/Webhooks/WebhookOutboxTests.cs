using Tessera.Core.Webhooks;
using Tessera.Infrastructure.Webhooks;
using Tessera.Tests.Shared.Webhooks;

namespace Tessera.Infrastructure.Tests.Webhooks;

public sealed class WebhookOutboxTests : IDisposable
{
    private const string Secret = "whsec_outbox_tests_0123456789";
    private readonly HttpClient _http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _http.Dispose();

    private WebhookDispatcher Dispatcher(TestDatabase test) => new(_http, test.Time, test.Get<IWebhookDeliveryLog>());

    private static async Task<WebhookSubscription> SubscribeAsync(TestDatabase test, Uri url, params string[] types)
    {
        var subscription = WebhookSubscriptionStoreTests.Subscription(url, Secret, types);
        Assert.True((await test.Get<IWebhookSubscriptionStore>().CreateAsync(subscription, Ct)).IsSaved);
        return subscription;
    }

    [Theory, AllProviders]
    public async Task Enqueue_SameEventTwice_QueuesOnlyForAcceptingSubscriptionsAndOnce(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var wantsRegressions = await SubscribeAsync(test, new Uri("https://a.example.org/"), WebhookEventTypes.CoverageRegression);
        var wantsBacklog = await SubscribeAsync(test, new Uri("https://b.example.org/"), WebhookEventTypes.BacklogItemCreated);
        var outbox = test.Get<IWebhookOutbox>();
        var evt = WebhookEvent.Create(WebhookEventTypes.CoverageRegression, new { technique = "T1003" }, test.Time);

        var first = await outbox.EnqueueAsync(evt, Ct);
        var second = await outbox.EnqueueAsync(evt, Ct);

        Assert.Equal((1, 0), (first, second));
        var store = test.Get<IWebhookSubscriptionStore>();
        var delivery = Assert.Single(await store.ListDeliveriesAsync(wantsRegressions.Id, 10, Ct));
        Assert.Equal((evt.Id, WebhookDeliveryStatus.Pending, 0), (delivery.EventId, delivery.Status, delivery.AttemptCount));
        Assert.Empty(await store.ListDeliveriesAsync(wantsBacklog.Id, 10, Ct));
    }

    [Theory, AllProviders]
    public async Task DeliverDue_ReceiverFailsOnce_RetryIsScheduledInDatabaseAndAFreshOutboxResumesIt(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var receiver = new LoopbackWebhookReceiver(Secret, test.Time.GetUtcNow, 503);
        var subscription = await SubscribeAsync(test, receiver.Url);
        var evt = WebhookEvent.Create(WebhookEventTypes.CoverageRegression, new { technique = "T1059.001" }, test.Time);
        await test.Get<IWebhookOutbox>().EnqueueAsync(evt, Ct);

        var first = await test.Get<EfWebhookOutbox>().DeliverDueAsync(Dispatcher(test), "instance-a", 10, Ct);
        var beforeDue = await test.Get<EfWebhookOutbox>().DeliverDueAsync(Dispatcher(test), "instance-a", 10, Ct);
        var pending = Assert.Single(await test.Get<IWebhookSubscriptionStore>().ListDeliveriesAsync(subscription.Id, 10, Ct));
        test.Time.Advance(TimeSpan.FromSeconds(10));
        // A new outbox and dispatcher over the same database stand for a restarted instance: nothing is kept in memory.
        var restarted = new EfWebhookOutbox(test.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<TesseraDbContext>>(), test.Time);
        var resumed = await restarted.DeliverDueAsync(Dispatcher(test), "instance-b", 10, Ct);
        var afterDelivery = await restarted.DeliverDueAsync(Dispatcher(test), "instance-b", 10, Ct);

        Assert.Equal(new WebhookOutboxRun(0, 1, 0, 0), first);
        Assert.Equal(0, beforeDue.Attempted);
        Assert.Equal(test.Time.GetUtcNow(), pending.NextAttemptAt);
        Assert.Equal(new WebhookOutboxRun(1, 0, 0, 0), resumed);
        Assert.Equal(0, afterDelivery.Attempted);
        Assert.Equal(["1", "2"], receiver.Requests.Select(r => r.Attempt));
        Assert.All(receiver.Requests, r => Assert.Equal(WebhookVerification.Valid, r.Verification));
        Assert.Equal([evt.Id], receiver.Acknowledged);
        var done = Assert.Single(await test.Get<IWebhookSubscriptionStore>().ListDeliveriesAsync(subscription.Id, 10, Ct));
        Assert.Equal((WebhookDeliveryStatus.Delivered, 2), (done.Status, done.AttemptCount));
        Assert.Equal([(2, WebhookDeliveryOutcome.Delivered, (int?)200), (1, WebhookDeliveryOutcome.RetryScheduled, 503)],
            done.Attempts.Select(a => (a.Attempt, a.Outcome, a.StatusCode)));
    }

    [Theory, AllProviders]
    public async Task DeliverDue_PermanentError_FailsWithoutRetry(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var receiver = new LoopbackWebhookReceiver(Secret, test.Time.GetUtcNow, 410);
        var subscription = await SubscribeAsync(test, receiver.Url);
        await test.Get<IWebhookOutbox>().EnqueueAsync(WebhookEvent.Create(WebhookEventTypes.BacklogItemClosed, new { id = 7 }, test.Time), Ct);

        var run = await test.Get<EfWebhookOutbox>().DeliverDueAsync(Dispatcher(test), "instance-a", 10, Ct);
        test.Time.Advance(TimeSpan.FromHours(1));
        var later = await test.Get<EfWebhookOutbox>().DeliverDueAsync(Dispatcher(test), "instance-a", 10, Ct);

        Assert.Equal(new WebhookOutboxRun(0, 0, 1, 0), run);
        Assert.Equal(0, later.Attempted);
        var delivery = Assert.Single(await test.Get<IWebhookSubscriptionStore>().ListDeliveriesAsync(subscription.Id, 10, Ct));
        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
    }

    [Theory, AllProviders]
    public async Task DeliverDue_TwoOwnersAtOnce_EachEventSentOnce(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var receiver = new LoopbackWebhookReceiver(Secret, test.Time.GetUtcNow);
        await SubscribeAsync(test, receiver.Url);
        var events = Enumerable.Range(0, 20).Select(i => WebhookEvent.Create(WebhookEventTypes.CoverageRegression, new { i }, test.Time)).ToList();
        foreach (var evt in events)
        {
            await test.Get<IWebhookOutbox>().EnqueueAsync(evt, Ct);
        }

        var runs = await Task.WhenAll(
            Task.Run(() => test.Get<EfWebhookOutbox>().DeliverDueAsync(Dispatcher(test), "instance-a", 100, Ct), Ct),
            Task.Run(() => test.Get<EfWebhookOutbox>().DeliverDueAsync(Dispatcher(test), "instance-b", 100, Ct), Ct));

        Assert.Equal(20, runs.Sum(r => r.Delivered));
        Assert.Equal(events.Select(e => e.Id).Order(), receiver.Acknowledged.Order());
        Assert.Equal(0, await test.Get<EfWebhookOutbox>().CountPendingAsync(Ct));
    }

    [Theory, AllProviders]
    public async Task DeliverDue_DisabledSubscription_LeavesDeliveryPending(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var subscription = WebhookSubscriptionStoreTests.Subscription(new Uri("http://127.0.0.1:9/never"), Secret) with { Enabled = false };
        await test.Get<IWebhookSubscriptionStore>().CreateAsync(subscription, Ct);
        var outbox = test.Get<EfWebhookOutbox>();
        var evt = WebhookEvent.Create(WebhookEventTypes.TestPing, new { }, test.Time);

        Assert.Equal(0, await outbox.EnqueueAsync(evt, Ct));
        Assert.True(await outbox.EnqueueForAsync(WebhookEvent.Create(WebhookEventTypes.TestPing, new { }, test.Time), subscription.Id, Ct));
        var run = await outbox.DeliverDueAsync(Dispatcher(test), "instance-a", 10, Ct);

        Assert.Equal(0, run.Attempted);
        Assert.Equal(1, await outbox.CountPendingAsync(Ct));
    }
}
