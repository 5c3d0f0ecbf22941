using Tessera.Core.Webhooks;

namespace Tessera.Infrastructure.Webhooks;

internal static class WebhookMapping
{
    public static WebhookSubscription ToSubscription(this WebhookSubscriptionEntity e) => new()
    {
        Id = e.Id, Name = e.Name, Url = new Uri(e.Url), Secret = e.Secret, Enabled = e.Enabled, CreatedBy = e.CreatedBy, CreatedAt = e.CreatedAt,
        EventTypes = e.EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
    };

    public static WebhookDeliveryRecord ToRecord(this WebhookAttemptEntity a) => new()
    {
        SubscriptionId = a.SubscriptionId, EventId = a.EventId, EventType = a.EventType, Attempt = a.Attempt, AttemptedAt = a.AttemptedAt,
        Outcome = Enum.Parse<WebhookDeliveryOutcome>(a.Outcome), StatusCode = a.StatusCode, Error = a.Error,
        Duration = TimeSpan.FromMilliseconds(a.DurationMs),
        NextAttemptIn = a.NextAttemptInMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
    };

    public static WebhookEvent ToEvent(this WebhookEventEntity e) => new()
    {
        Id = e.Id, Type = e.Type, OccurredAt = e.OccurredAt, Data = System.Text.Json.JsonDocument.Parse(e.DataJson).RootElement.Clone(),
    };
}
