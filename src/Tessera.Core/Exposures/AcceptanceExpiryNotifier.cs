using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Audit;
using Tessera.Core.Webhooks;

namespace Tessera.Core.Exposures;

/// <summary>
/// Announces ended risk acceptances with one <c>exposure.acceptance.expired</c> webhook each. Expiry happens at read time
/// (nothing is written when an end day begins), so a periodic job calls <see cref="NotifyAsync"/> to notice it.
/// </summary>
/// <remarks>
/// Once per acceptance, across restarts and instances sharing one database, without a shared transaction: the event ID is
/// derived from the exposure and the end day, and the outbox stores an event ID once (<see cref="IWebhookOutbox.EnqueueAsync"/>
/// is idempotent on it); the stored marker (<see cref="IExposureStore.MarkExpiryAnnouncedAsync"/>) is set after the enqueue,
/// so a crash between the two re-enqueues the same ID (a no-op) and then marks it, and the check never rescans announced rows.
/// The instance whose mark succeeds also writes the audit entry (<see cref="AuditAction"/>, actor <see cref="AuditActorName"/>),
/// so the exposure's history shows when its acceptance lapsed, once.
/// </remarks>
public sealed class AcceptanceExpiryNotifier(IExposureStore store, IWebhookOutbox outbox, IAuditLog audit, TimeProvider time)
{
    /// <summary>The audit action of an announced expiry.</summary>
    public const string AuditAction = "exposure.acceptance.expired";

    /// <summary>The system actor of that entry: the job that noticed.</summary>
    public const string AuditActorName = "exposure-acceptance-expiry";

    /// <summary>Expiries handled per call; a backlog (the first run after an upgrade, say) drains over the next runs.</summary>
    public const int BatchSize = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The event ID of the expiry of <paramref name="exposureId"/>'s acceptance ending on <paramref name="until"/> (52 characters).</summary>
    public static string EventId(Guid exposureId, DateOnly until) =>
        $"evt_expiry_{exposureId:N}_{until.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Queues an event for each acceptance that has ended and was not announced yet, then marks it announced. Returns how many
    /// acceptances this call marked (0 when another instance got there first or nothing ended).
    /// </summary>
    public async Task<int> NotifyAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var marked = 0;
        foreach (var exposure in await store.ListUnannouncedExpiriesAsync(now, BatchSize, ct).ConfigureAwait(false))
        {
            var until = exposure.AcceptedUntil!.Value;
            var payload = AcceptanceExpiredPayload.Of(exposure, until);
            await outbox.EnqueueAsync(new WebhookEvent
            {
                Id = EventId(exposure.Id, until), Type = WebhookEventTypes.ExposureAcceptanceExpired,
                // It ended when its end day began, whenever the check noticed.
                OccurredAt = new DateTimeOffset(until.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                Data = JsonSerializer.SerializeToElement(payload, Json),
            }, ct).ConfigureAwait(false);
            if (await store.MarkExpiryAnnouncedAsync(exposure.Id, until, ct).ConfigureAwait(false))
            {
                marked++;
                await audit.AppendAsync(new AuditEvent
                {
                    Actor = AuditActor.System(AuditActorName), Action = AuditAction, EntityType = "exposure", EntityId = exposure.Id.ToString(),
                    AfterJson = JsonSerializer.Serialize(payload, Json),
                }, ct).ConfigureAwait(false);
            }
        }

        return marked;
    }
}
