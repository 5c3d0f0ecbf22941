using Tessera.Core.Storage;

namespace Tessera.Core.Webhooks;

/// <summary>Stored webhook subscriptions and their delivery history. Secrets are stored (they sign deliveries) but the API never returns them.</summary>
public interface IWebhookSubscriptionStore
{
    /// <summary>Saves a new subscription; Invalid with every problem of <see cref="WebhookSubscription.Validate"/> when it is unusable.</summary>
    Task<SaveResult<WebhookSubscription>> CreateAsync(WebhookSubscription subscription, CancellationToken ct);

    /// <summary>
    /// Replaces name, URL, secret, event types and enabled flag (id, creator and creation time stay). NotFound when it
    /// does not exist, Invalid with every problem of <see cref="WebhookSubscription.Validate"/>. Queued deliveries stay
    /// and use the new URL and secret on their next attempt.
    /// </summary>
    Task<SaveResult<WebhookSubscription>> UpdateAsync(WebhookSubscription subscription, CancellationToken ct);

    /// <summary>Every subscription, oldest first.</summary>
    Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken ct);

    /// <summary>The subscription, or null.</summary>
    Task<WebhookSubscription?> FindAsync(Guid id, CancellationToken ct);

    /// <summary>Deletes the subscription with its queued deliveries and log; false when it did not exist.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken ct);

    /// <summary>The newest <paramref name="limit"/> deliveries of a subscription, newest first, each with its attempts.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(Guid subscriptionId, int limit, CancellationToken ct);
}
