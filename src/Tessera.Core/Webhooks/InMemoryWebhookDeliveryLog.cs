namespace Tessera.Core.Webhooks;

/// <summary>A thread-safe in-process <see cref="IWebhookDeliveryLog"/> (single-node setups and tests); lost on restart.</summary>
public sealed class InMemoryWebhookDeliveryLog : IWebhookDeliveryLog
{
    private readonly Lock _gate = new();
    private readonly List<WebhookDeliveryRecord> _records = [];

    public Task AppendAsync(WebhookDeliveryRecord record, CancellationToken ct)
    {
        lock (_gate)
        {
            _records.Add(record);
        }

        return Task.CompletedTask;
    }

    public Task<bool> HasDeliveredAsync(Guid subscriptionId, string eventId, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.Exists(r =>
                r.SubscriptionId == subscriptionId && r.EventId == eventId && r.Outcome == WebhookDeliveryOutcome.Delivered));
        }
    }

    public Task<IReadOnlyList<WebhookDeliveryRecord>> ListAsync(Guid subscriptionId, int limit, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<WebhookDeliveryRecord>>(_records.Where(r => r.SubscriptionId == subscriptionId).Take(limit).ToList());
        }
    }
}
