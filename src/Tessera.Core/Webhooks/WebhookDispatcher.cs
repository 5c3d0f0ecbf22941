using System.Globalization;
using System.Net.Http.Headers;
using Tessera.Core.Text;

namespace Tessera.Core.Webhooks;

/// <summary>
/// Delivers events to webhook subscriptions: a signed POST (<see cref="WebhookSigner"/>) re-signed on every attempt,
/// retried with exponential backoff (<see cref="WebhookRetryPolicy"/>), every attempt written to the delivery log.
/// An event a subscription has acknowledged (2xx) is never sent to it again, even when dispatched twice; the
/// receiver-side guard is the <c>Tessera-Idempotency-Key</c> header, constant across attempts. A delivery can
/// take minutes of backoff: run it from a background worker, not a request handler.
/// </summary>
public sealed class WebhookDispatcher
{
    public const string IdempotencyKeyHeader = "Tessera-Idempotency-Key";
    public const string EventTypeHeader = "Tessera-Event-Type";
    public const string AttemptHeader = "Tessera-Delivery-Attempt";

    // Exception messages can embed long inner details; the log keeps a readable prefix.
    private const int MaxErrorLength = 500;

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly IWebhookDeliveryLog _log;
    private readonly WebhookRetryPolicy _policy;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    /// <param name="http">Caller-configured client (redirect, proxy and connection policy are the caller's).</param>
    /// <param name="time">Clock for signatures, log times and attempt timeouts.</param>
    /// <param name="log">Delivery log, also consulted to skip events already acknowledged.</param>
    /// <param name="policy">Retry schedule; <see cref="WebhookRetryPolicy.Default"/> when null.</param>
    /// <param name="delay">Waits between attempts; defaults to a <paramref name="time"/>-driven delay. Tests pass one that returns at once.</param>
    public WebhookDispatcher(HttpClient http, TimeProvider time, IWebhookDeliveryLog log, WebhookRetryPolicy? policy = null,
        Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        _http = http;
        _time = time;
        _log = log;
        _policy = policy ?? WebhookRetryPolicy.Default;
        _delay = delay ?? ((wait, ct) => Task.Delay(wait, time, ct));
        if (_policy.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(policy), "MaxAttempts must be at least 1");
        }
    }

    /// <summary>
    /// Delivers <paramref name="evt"/> to every enabled subscription that accepts its type, one after another.
    /// Returns one result per such subscription; never throws for receiver failures.
    /// </summary>
    public async Task<IReadOnlyList<WebhookDeliveryResult>> DispatchAsync(IEnumerable<WebhookSubscription> subscriptions, WebhookEvent evt, CancellationToken ct)
    {
        var results = new List<WebhookDeliveryResult>();
        foreach (var subscription in subscriptions.Where(s => s.Accepts(evt.Type)))
        {
            results.Add(await DeliverAsync(subscription, evt, ct).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>
    /// Delivers one event to one subscription with retries. Returns the final outcome and all attempts; throws only
    /// <see cref="OperationCanceledException"/> when <paramref name="ct"/> is cancelled.
    /// </summary>
    public async Task<WebhookDeliveryResult> DeliverAsync(WebhookSubscription subscription, WebhookEvent evt, CancellationToken ct)
    {
        var attempts = new List<WebhookDeliveryRecord>();
        for (var attempt = 1; ; attempt++)
        {
            var result = await AttemptAsync(subscription, evt, attempt, ct).ConfigureAwait(false);
            attempts.AddRange(result.Attempts);
            if (result.Outcome != WebhookDeliveryOutcome.RetryScheduled)
            {
                return result with { Attempts = attempts };
            }

            await _delay(result.Attempts[0].NextAttemptIn!.Value, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes attempt number <paramref name="attempt"/> (1-based) of delivering one event, without waiting or
    /// retrying: for callers that persist the schedule themselves (the durable outbox keeps the next attempt time in
    /// the database so a restart resumes). Returns AlreadyDelivered with no attempts when the log shows the event
    /// acknowledged; otherwise the one attempt, already appended to the log, whose outcome is RetryScheduled (with
    /// <see cref="WebhookDeliveryRecord.NextAttemptIn"/>) while the policy allows another attempt. Throws only
    /// <see cref="OperationCanceledException"/> when <paramref name="ct"/> is cancelled.
    /// </summary>
    public async Task<WebhookDeliveryResult> AttemptAsync(WebhookSubscription subscription, WebhookEvent evt, int attempt, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (await _log.HasDeliveredAsync(subscription.Id, evt.Id, ct).ConfigureAwait(false))
        {
            return new WebhookDeliveryResult(subscription.Id, evt.Id, WebhookDeliveryOutcome.AlreadyDelivered, []);
        }

        var body = evt.ToJsonBytes();
        var started = _time.GetUtcNow();
        var (status, error, retryable, retryAfter) = await SendAsync(subscription, evt, body, attempt, started, ct).ConfigureAwait(false);
        var delivered = status is >= 200 and < 300;
        var retry = !delivered && retryable && attempt < _policy.MaxAttempts;
        var record = new WebhookDeliveryRecord
        {
            SubscriptionId = subscription.Id, EventId = evt.Id, EventType = evt.Type, Attempt = attempt, AttemptedAt = started,
            StatusCode = status, Error = error, Duration = _time.GetUtcNow() - started,
            Outcome = delivered ? WebhookDeliveryOutcome.Delivered : retry ? WebhookDeliveryOutcome.RetryScheduled : WebhookDeliveryOutcome.Failed,
            NextAttemptIn = retry ? _policy.DelayAfter(attempt, retryAfter) : null,
        };
        await _log.AppendAsync(record, ct).ConfigureAwait(false);
        return new WebhookDeliveryResult(subscription.Id, evt.Id, record.Outcome, [record]);
    }

    private async Task<(int? Status, string? Error, bool Retryable, TimeSpan? RetryAfter)> SendAsync(
        WebhookSubscription subscription, WebhookEvent evt, byte[] body, int attempt, DateTimeOffset now, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSigner.SignatureHeader, WebhookSigner.Sign(subscription.Secret, now, body));
        request.Headers.Add(IdempotencyKeyHeader, evt.Id);
        request.Headers.Add(EventTypeHeader, evt.Type);
        request.Headers.Add(AttemptHeader, attempt.ToString(CultureInfo.InvariantCulture));
        using var timeout = new CancellationTokenSource(_policy.AttemptTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            // Headers only: the receiver's body is never read, so a hostile receiver cannot make us buffer it.
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            var retryable = code is 408 or 429 or >= 500;
            return (code, null, retryable, RetryAfter(response, now));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"no response within {_policy.AttemptTimeout.TotalSeconds:0.###} s", true, null);
        }
        catch (HttpRequestException ex)
        {
            return (null, Echo.Clip(ex.Message, MaxErrorLength), true, null);
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when date > now => date - now,
        _ => null,
    };
}
