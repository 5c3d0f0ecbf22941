namespace Tessera.Core.Webhooks;

/// <summary>Where one event stands for one subscription.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>Not acknowledged yet; the next attempt is due at <see cref="WebhookDelivery.NextAttemptAt"/>.</summary>
    Pending,

    /// <summary>The receiver answered 2xx; never sent again.</summary>
    Delivered,

    /// <summary>Gave up (permanent error or attempts exhausted).</summary>
    Failed,
}

/// <summary>One event queued for one subscription, with its attempts (newest first).</summary>
public sealed record WebhookDelivery
{
    public required Guid SubscriptionId { get; init; }

    /// <summary>Also the idempotency key receivers see in <c>Tessera-Idempotency-Key</c>.</summary>
    public required string EventId { get; init; }

    public required string EventType { get; init; }

    public required WebhookDeliveryStatus Status { get; init; }

    public required int AttemptCount { get; init; }

    public required DateTimeOffset EnqueuedAt { get; init; }

    /// <summary>When the next attempt is due (Pending only).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    public required IReadOnlyList<WebhookDeliveryRecord> Attempts { get; init; }
}
