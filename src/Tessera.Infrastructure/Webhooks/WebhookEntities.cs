namespace Tessera.Infrastructure.Webhooks;

public sealed class WebhookSubscriptionEntity
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Url { get; set; }

    /// <summary>Kept in clear: HMAC signing needs the secret itself. Whoever reads the database can forge deliveries.</summary>
    public required string Secret { get; set; }

    /// <summary>Space-separated event types (or <c>*</c>).</summary>
    public required string EventTypes { get; set; }
    public bool Enabled { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An outbox row: the event exactly as it will be POSTed (the body is rebuilt from these fields).</summary>
public sealed class WebhookEventEntity
{
    public required string Id { get; set; }
    public required string Type { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public required string DataJson { get; set; }
    public DateTimeOffset EnqueuedAt { get; set; }
}

/// <summary>One event queued for one subscription: the persisted retry schedule and the claim that keeps two instances apart.</summary>
public sealed class WebhookDeliveryEntity
{
    public Guid Id { get; set; }
    public Guid SubscriptionId { get; set; }
    public required string EventId { get; set; }
    public required string Status { get; set; }
    public int AttemptCount { get; set; }
    public DateTimeOffset EnqueuedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
}

/// <summary>One line of the delivery log (one HTTP attempt).</summary>
public sealed class WebhookAttemptEntity
{
    public Guid Id { get; set; }
    public Guid SubscriptionId { get; set; }
    public required string EventId { get; set; }
    public required string EventType { get; set; }
    public int Attempt { get; set; }
    public DateTimeOffset AttemptedAt { get; set; }
    public required string Outcome { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public double DurationMs { get; set; }
    public double? NextAttemptInMs { get; set; }
}
