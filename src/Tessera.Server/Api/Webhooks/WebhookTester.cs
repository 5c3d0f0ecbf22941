using System.Security.Claims;
using Tessera.Core.Webhooks;
using Tessera.Infrastructure.Webhooks;
using Tessera.Server.Jobs;

namespace Tessera.Server.Api.Webhooks;

/// <summary>
/// Sends a signed <c>test.ping</c> to one subscription: queued in the outbox for that subscription only, first attempt
/// made at once so the admin sees the receiver's answer; a retryable failure stays queued and the job retries it.
/// </summary>
public sealed class WebhookTester(
    IWebhookSubscriptionStore store, EfWebhookOutbox outbox, WebhookDeliveryJob job, JobInstance instance, TimeProvider time, AuditWriter audit)
{
    public async Task<WebhookEndpoints.TestResult> PingAsync(WebhookSubscription subscription, ClaimsPrincipal who, CancellationToken ct)
    {
        var ping = WebhookEvent.Create(WebhookEventTypes.TestPing, new { webhookId = subscription.Id, requestedBy = who.Identity?.Name }, time);
        await outbox.EnqueueForAsync(ping, subscription.Id, ct);
        var deliveryId = await outbox.FindDeliveryAsync(subscription.Id, ping.Id, ct)
            ?? throw new InvalidOperationException($"Ping {ping.Id} was not queued for {subscription.Id}.");
        var outcome = await outbox.DeliverOneAsync(job.Dispatcher(), deliveryId, instance.Id, ct);
        var last = (await store.ListDeliveriesAsync(subscription.Id, 1, ct)).FirstOrDefault(d => d.EventId == ping.Id)?.Attempts.FirstOrDefault();
        await audit.WriteAsync(who, "webhook.test", "webhook", subscription.Id.ToString(), null, new { ping.Id, outcome, subscription.Url }, ct);
        return new WebhookEndpoints.TestResult(ping.Id, outcome?.ToString() ?? "Queued", last?.StatusCode, last?.Error);
    }
}
