namespace Tessera.Core.Webhooks;

/// <summary>
/// The durable outbox every capability hands its events to. Enqueueing stores the event and one pending delivery per
/// subscription that accepts its type (at that moment), in one transaction; a background job delivers them later with
/// retries, so callers never wait on a receiver. Events survive restarts and are delivered once per subscription.
/// </summary>
public interface IWebhookOutbox
{
    /// <summary>
    /// Stores <paramref name="evt"/> and queues it for every enabled subscription accepting its type. Idempotent on
    /// <see cref="WebhookEvent.Id"/>: enqueueing the same event again queues nothing. Returns how many deliveries were queued.
    /// </summary>
    Task<int> EnqueueAsync(WebhookEvent evt, CancellationToken ct);
}
