namespace Tessera.Core.Webhooks;

/// <summary>What became of one delivery attempt, or of a whole delivery.</summary>
public enum WebhookDeliveryOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>The attempt failed in a way worth retrying (network error, timeout, 408, 429, 5xx); another follows.</summary>
    RetryScheduled,

    /// <summary>Gave up: a permanent error (other 4xx, 3xx) or the last attempt failed.</summary>
    Failed,

    /// <summary>The log shows the event was already acknowledged by this subscription; nothing was sent.</summary>
    AlreadyDelivered,
}

/// <summary>One line of the delivery log: one attempt to deliver one event to one subscription.</summary>
public sealed record WebhookDeliveryRecord
{
    public required Guid SubscriptionId { get; init; }

    public required string EventId { get; init; }

    public required string EventType { get; init; }

    /// <summary>1-based attempt number.</summary>
    public required int Attempt { get; init; }

    public required DateTimeOffset AttemptedAt { get; init; }

    public required WebhookDeliveryOutcome Outcome { get; init; }

    /// <summary>HTTP status, or null when no response arrived.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Why the attempt failed without a response (connection refused, timeout …).</summary>
    public string? Error { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>The wait before the next attempt when <see cref="Outcome"/> is RetryScheduled.</summary>
    public TimeSpan? NextAttemptIn { get; init; }
}

/// <summary>Result of delivering one event to one subscription: the final outcome and every attempt made.</summary>
public sealed record WebhookDeliveryResult(Guid SubscriptionId, string EventId, WebhookDeliveryOutcome Outcome, IReadOnlyList<WebhookDeliveryRecord> Attempts);
