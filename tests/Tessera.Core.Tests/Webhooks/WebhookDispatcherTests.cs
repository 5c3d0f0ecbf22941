using System.Text.Json;
using Tessera.Core.Webhooks;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Webhooks;

public sealed class WebhookDispatcherTests : IDisposable
{
    private const string Secret = "whsec_dispatcher_tests_0123";
    private readonly ManualClock _time = new(new DateTimeOffset(2025, 8, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _http = new();
    private readonly InMemoryWebhookDeliveryLog _log = new();
    private readonly List<TimeSpan> _waits = [];

    private WebhookDispatcher Dispatcher(WebhookRetryPolicy? policy = null) => new(_http, _time, _log, policy, (wait, _) =>
    {
        // Instead of sleeping, record the wait and move the clock, so the next attempt is signed at the later time.
        _waits.Add(wait);
        _time.Advance(wait);
        return Task.CompletedTask;
    });

    private WebhookReceiver Receiver(params (int, string?)[] script) => new(Secret, () => _time.Now, script);

    private static WebhookSubscription Subscription(Uri url, params string[] types) => new()
    {
        Id = Guid.NewGuid(), Url = url, Secret = Secret, EventTypes = types.Length == 0 ? ["coverage.regression"] : types,
    };

    private WebhookEvent Regression() =>
        WebhookEvent.Create("coverage.regression", new { technique = "T1059.001", from = "validated", to = "none" }, _time);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task DeliverAsync_FirstTwoAttemptsFail_RetriesWithBackoffUntilAcknowledged()
    {
        await using var receiver = Receiver((500, null), (503, null), (200, null));
        var subscription = Subscription(receiver.Url);
        var evt = Regression();

        var result = await Dispatcher().DeliverAsync(subscription, evt, Ct);

        Assert.Equal(WebhookDeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)], _waits);
        Assert.Equal([500, 503, 200], result.Attempts.Select(a => a.StatusCode!.Value));
        Assert.Equal([WebhookDeliveryOutcome.RetryScheduled, WebhookDeliveryOutcome.RetryScheduled, WebhookDeliveryOutcome.Delivered], result.Attempts.Select(a => a.Outcome));
        var requests = receiver.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal(WebhookVerification.Valid, r.Verification));
        Assert.All(requests, r => Assert.Equal(evt.Id, r.Headers[WebhookDispatcher.IdempotencyKeyHeader]));
        Assert.All(requests, r => Assert.Equal(requests[0].Body, r.Body));
        Assert.Equal(["1", "2", "3"], requests.Select(r => r.Headers[WebhookDispatcher.AttemptHeader]));
        Assert.Equal([evt.Id], receiver.Processed);
    }

    [Fact]
    public async Task DeliverAsync_Body_CarriesEventEnvelope()
    {
        await using var receiver = Receiver((204, null));
        var evt = Regression();

        await Dispatcher().DeliverAsync(Subscription(receiver.Url), evt, Ct);

        var request = Assert.Single(receiver.Requests);
        Assert.StartsWith("POST /hooks ", request.RequestLine, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(evt.Id, body.RootElement.GetProperty("id").GetString());
        Assert.Equal("coverage.regression", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("T1059.001", body.RootElement.GetProperty("data").GetProperty("technique").GetString());
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_SameEventTwiceAfterAcknowledgement_SentOnce()
    {
        await using var receiver = Receiver((200, null));
        var subscription = Subscription(receiver.Url);
        var evt = Regression();
        var dispatcher = Dispatcher();

        await dispatcher.DeliverAsync(subscription, evt, Ct);
        var again = await dispatcher.DeliverAsync(subscription, evt, Ct);

        Assert.Equal(WebhookDeliveryOutcome.AlreadyDelivered, again.Outcome);
        Assert.Empty(again.Attempts);
        Assert.Single(receiver.Requests);
        Assert.Equal(0, receiver.Duplicates);
    }

    [Fact]
    public async Task DeliverAsync_AcknowledgedButLogLost_ReceiverDropsDuplicateByIdempotencyKey()
    {
        await using var receiver = Receiver((200, null));
        var subscription = Subscription(receiver.Url);
        var evt = Regression();

        // Two dispatchers with separate logs model a crash between sending and logging.
        await Dispatcher().DeliverAsync(subscription, evt, Ct);
        await new WebhookDispatcher(_http, _time, new InMemoryWebhookDeliveryLog()).DeliverAsync(subscription, evt, Ct);

        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal([evt.Id], receiver.Processed);
        Assert.Equal(1, receiver.Duplicates);
    }

    [Fact]
    public async Task DeliverAsync_PermanentClientError_NoRetry()
    {
        await using var receiver = Receiver((400, null), (200, null));

        var result = await Dispatcher().DeliverAsync(Subscription(receiver.Url), Regression(), Ct);

        Assert.Equal(WebhookDeliveryOutcome.Failed, result.Outcome);
        Assert.Single(receiver.Requests);
        Assert.Empty(_waits);
    }

    [Fact]
    public async Task DeliverAsync_AlwaysFailing_GivesUpAfterMaxAttemptsAndLogsEach()
    {
        await using var receiver = Receiver((502, null));
        var subscription = Subscription(receiver.Url);

        var result = await Dispatcher(new WebhookRetryPolicy { MaxAttempts = 3 }).DeliverAsync(subscription, Regression(), Ct);

        Assert.Equal(WebhookDeliveryOutcome.Failed, result.Outcome);
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Equal(2, _waits.Count);
        var logged = await _log.ListAsync(subscription.Id, 10, Ct);
        Assert.Equal([1, 2, 3], logged.Select(r => r.Attempt));
        Assert.Null(logged[^1].NextAttemptIn);
        Assert.Equal(_time.Now - TimeSpan.FromSeconds(30), logged[0].AttemptedAt);
    }

    [Fact]
    public async Task DeliverAsync_TooManyRequestsWithRetryAfter_WaitsAsAsked()
    {
        await using var receiver = Receiver((429, "Retry-After: 45"), (200, null));

        var result = await Dispatcher().DeliverAsync(Subscription(receiver.Url), Regression(), Ct);

        Assert.Equal(WebhookDeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal([TimeSpan.FromSeconds(45)], _waits);
    }

    [Fact]
    public async Task DeliverAsync_NothingListening_ErrorRecordedAndRetried()
    {
        Uri closed;
        await using (var gone = Receiver((200, null)))
        {
            closed = gone.Url;
        }

        var result = await Dispatcher(new WebhookRetryPolicy { MaxAttempts = 2 }).DeliverAsync(Subscription(closed), Regression(), Ct);

        Assert.Equal(WebhookDeliveryOutcome.Failed, result.Outcome);
        Assert.Equal(2, result.Attempts.Count);
        Assert.All(result.Attempts, a => Assert.Null(a.StatusCode));
        Assert.All(result.Attempts, a => Assert.False(string.IsNullOrEmpty(a.Error)));
    }

    [Fact]
    public async Task DeliverAsync_ReceiverHangs_AttemptTimesOutThenRetries()
    {
        await using var receiver = Receiver((0, null), (200, null));
        var policy = new WebhookRetryPolicy { AttemptTimeout = TimeSpan.FromSeconds(10) };

        // The attempt's timeout runs on the test clock: once the receiver holds the first request, the test moves
        // the clock just short of the limit (nothing happens), then onto it.
        var delivery = Dispatcher(policy).DeliverAsync(Subscription(receiver.Url), Regression(), Ct);
        await receiver.WaitForRequestAsync(Ct);
        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(delivery.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        var result = await delivery;

        Assert.Equal(WebhookDeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal([null, 200], result.Attempts.Select(a => a.StatusCode));
        Assert.StartsWith("no response within 10 s", result.Attempts[0].Error, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Attempts[0].Duration);
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Fact]
    public async Task DispatchAsync_SeveralSubscriptions_OnlyMatchingEnabledOnesReceive()
    {
        await using var wanted = Receiver((200, null));
        await using var other = Receiver((200, null));
        WebhookSubscription[] subscriptions =
        [
            Subscription(wanted.Url),
            Subscription(other.Url, "incident.created"),
            Subscription(other.Url, "*") with { Enabled = false },
        ];

        var results = await Dispatcher().DispatchAsync(subscriptions, Regression(), Ct);

        Assert.Equal([subscriptions[0].Id], results.Select(r => r.SubscriptionId));
        Assert.Single(wanted.Requests);
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task DeliverAsync_Cancelled_Throws()
    {
        await using var receiver = Receiver((500, null));
        using var cts = new CancellationTokenSource();
        var dispatcher = new WebhookDispatcher(_http, _time, _log, null, async (_, ct) =>
        {
            await cts.CancelAsync();
            ct.ThrowIfCancellationRequested();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatcher.DeliverAsync(Subscription(receiver.Url), Regression(), cts.Token));
    }
}
