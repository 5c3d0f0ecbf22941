namespace Tessera.Core.Webhooks;

/// <summary>Where delivery attempts are recorded; implemented by storage in Infrastructure and in memory for tests.</summary>
public interface IWebhookDeliveryLog
{
    /// <summary>Appends one attempt.</summary>
    Task AppendAsync(WebhookDeliveryRecord record, CancellationToken ct);

    /// <summary>Whether an attempt with outcome Delivered exists for this subscription and event.</summary>
    Task<bool> HasDeliveredAsync(Guid subscriptionId, string eventId, CancellationToken ct);

    /// <summary>The attempts for one subscription, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<WebhookDeliveryRecord>> ListAsync(Guid subscriptionId, int limit, CancellationToken ct);
}
