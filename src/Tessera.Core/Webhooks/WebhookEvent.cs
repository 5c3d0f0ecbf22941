using System.Text.Json;

namespace Tessera.Core.Webhooks;

/// <summary>
/// One event to deliver. <see cref="Id"/> is the idempotency key: every attempt and every re-dispatch of the event
/// carries it (header <c>Tessera-Idempotency-Key</c> and body <c>id</c>) so receivers can drop duplicates.
/// </summary>
public sealed record WebhookEvent
{
    public required string Id { get; init; }

    /// <summary>e.g. <c>coverage.regression</c>.</summary>
    public required string Type { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The event payload, written as the body's <c>data</c>.</summary>
    public required JsonElement Data { get; init; }

    /// <summary>An event with a new time-ordered ID (<c>evt_</c> + UUIDv7) stamped now.</summary>
    public static WebhookEvent Create<T>(string type, T data, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return new WebhookEvent
        {
            Id = "evt_" + Guid.CreateVersion7(now).ToString("N"), Type = type, OccurredAt = now,
            Data = JsonSerializer.SerializeToElement(data, JsonSerializerOptions.Web),
        };
    }

    /// <summary>The exact bytes POSTed and signed: <c>{"id","type","occurredAt","data"}</c>.</summary>
    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(
        new Body(Id, Type, OccurredAt, Data), JsonSerializerOptions.Web);

    private sealed record Body(string Id, string Type, DateTimeOffset OccurredAt, JsonElement Data);
}
