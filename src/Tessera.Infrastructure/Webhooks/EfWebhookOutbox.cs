using Microsoft.EntityFrameworkCore;
using Tessera.Core.Webhooks;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Webhooks;

/// <summary>
/// The durable outbox: events and their per-subscription deliveries are rows, the retry schedule is the row's
/// <c>NextAttemptAt</c>, so a restarted (or another) instance resumes where the last one stopped. Each due delivery is
/// claimed with one conditional UPDATE before it is sent, so two instances never send it at the same time, and a
/// delivered row is never picked again. A crash between the receiver's 2xx and our write is the one window that can
/// resend; the dispatcher's log check narrows it and receivers drop repeats by <c>Tessera-Idempotency-Key</c>.
/// </summary>
public sealed class EfWebhookOutbox(IDbContextFactory<TesseraDbContext> contexts, TimeProvider time) : IWebhookOutbox
{
    /// <summary>Longer than one attempt's timeout (10 s by default) with room to write the outcome; a crashed claimer's rows free up after it.</summary>
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(2);

    /// <summary>Deliveries attempted per pass; a pass stays short so the job's lease is renewed well within its length.</summary>
    public const int DefaultBatchSize = 100;

    private static readonly string Pending = nameof(WebhookDeliveryStatus.Pending);

    public async Task<int> EnqueueAsync(WebhookEvent evt, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var subscriptions = await db.Set<WebhookSubscriptionEntity>().AsNoTracking().Where(s => s.Enabled).ToListAsync(ct);
        var targets = subscriptions.Select(s => s.ToSubscription()).Where(s => s.Accepts(evt.Type)).Select(s => s.Id).ToList();
        return await InsertAsync(db, evt, targets, ct);
    }

    /// <summary>Queues <paramref name="evt"/> for one subscription whatever its event types (the test ping). Returns false when the event exists already.</summary>
    public async Task<bool> EnqueueForAsync(WebhookEvent evt, Guid subscriptionId, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        return await InsertAsync(db, evt, [subscriptionId], ct) == 1;
    }

    private async Task<int> InsertAsync(TesseraDbContext db, WebhookEvent evt, IReadOnlyList<Guid> subscriptionIds, CancellationToken ct)
    {
        if (await db.Set<WebhookEventEntity>().AnyAsync(e => e.Id == evt.Id, ct))
        {
            return 0;
        }

        var now = time.GetUtcNow();
        db.Set<WebhookEventEntity>().Add(new WebhookEventEntity
        {
            Id = evt.Id, Type = evt.Type, OccurredAt = evt.OccurredAt, DataJson = evt.Data.GetRawText(), EnqueuedAt = now,
        });
        db.Set<WebhookDeliveryEntity>().AddRange(subscriptionIds.Select(id => new WebhookDeliveryEntity
        {
            Id = Guid.CreateVersion7(now), SubscriptionId = id, EventId = evt.Id, Status = Pending, EnqueuedAt = now, NextAttemptAt = now,
        }));
        try
        {
            // One SaveChanges is one transaction: the event never exists without its deliveries.
            await db.SaveChangesAsync(ct);
            return subscriptionIds.Count;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return 0;
        }
    }

    /// <summary>
    /// Makes the next attempt of up to <paramref name="batchSize"/> due deliveries of enabled subscriptions, oldest due
    /// first, claiming each as <paramref name="owner"/>; retryable failures are rescheduled in the database, not waited for.
    /// </summary>
    public async Task<WebhookOutboxRun> DeliverDueAsync(WebhookDispatcher dispatcher, string owner, int batchSize, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        List<Guid> due;
        await using (var db = contexts.CreateDbContext())
        {
            due = await (
                    from d in db.Set<WebhookDeliveryEntity>()
                    join s in db.Set<WebhookSubscriptionEntity>() on d.SubscriptionId equals s.Id
                    where s.Enabled && d.Status == Pending && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil <= now)
                    orderby d.NextAttemptAt, d.Id
                    select d.Id)
                .Take(batchSize).ToListAsync(ct);
        }

        int delivered = 0, retry = 0, failed = 0, skipped = 0;
        foreach (var id in due)
        {
            switch (await DeliverOneAsync(dispatcher, id, owner, ct))
            {
                case null: skipped++; break;
                case WebhookDeliveryOutcome.Delivered or WebhookDeliveryOutcome.AlreadyDelivered: delivered++; break;
                case WebhookDeliveryOutcome.RetryScheduled: retry++; break;
                default: failed++; break;
            }
        }

        return new WebhookOutboxRun(delivered, retry, failed, skipped);
    }

    /// <summary>
    /// Claims delivery <paramref name="deliveryId"/> when it is pending and due, makes its next attempt and records the
    /// outcome. Returns null when it was not claimable (another instance has it, or it is done or not due).
    /// </summary>
    public async Task<WebhookDeliveryOutcome?> DeliverOneAsync(WebhookDispatcher dispatcher, Guid deliveryId, string owner, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var now = time.GetUtcNow();
        var until = now + ClaimDuration;
        var claimed = await db.Set<WebhookDeliveryEntity>()
            .Where(d => d.Id == deliveryId && d.Status == Pending && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedBy, owner).SetProperty(d => d.ClaimedUntil, until), ct);
        if (claimed != 1)
        {
            return null;
        }

        var delivery = await db.Set<WebhookDeliveryEntity>().AsNoTracking().SingleAsync(d => d.Id == deliveryId, ct);
        var subscription = (await db.Set<WebhookSubscriptionEntity>().AsNoTracking().SingleAsync(s => s.Id == delivery.SubscriptionId, ct)).ToSubscription();
        var evt = (await db.Set<WebhookEventEntity>().AsNoTracking().SingleAsync(e => e.Id == delivery.EventId, ct)).ToEvent();

        var result = await dispatcher.AttemptAsync(subscription, evt, delivery.AttemptCount + 1, ct);
        var after = time.GetUtcNow();
        var status = result.Outcome switch
        {
            WebhookDeliveryOutcome.Delivered or WebhookDeliveryOutcome.AlreadyDelivered => WebhookDeliveryStatus.Delivered,
            WebhookDeliveryOutcome.RetryScheduled => WebhookDeliveryStatus.Pending,
            _ => WebhookDeliveryStatus.Failed,
        };
        var attempts = delivery.AttemptCount + result.Attempts.Count;
        var next = result.Attempts is [{ NextAttemptIn: { } wait }] ? after + wait : after;
        DateTimeOffset? deliveredAt = status == WebhookDeliveryStatus.Delivered ? after : null;
        var statusText = status.ToString();
        // Only the claimer writes the outcome; the claim is cleared in the same statement.
        await db.Set<WebhookDeliveryEntity>().Where(d => d.Id == deliveryId && d.ClaimedBy == owner)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, statusText).SetProperty(d => d.AttemptCount, attempts).SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.DeliveredAt, deliveredAt).SetProperty(d => d.ClaimedBy, (string?)null)
                .SetProperty(d => d.ClaimedUntil, (DateTimeOffset?)null), ct);
        return result.Outcome;
    }

    /// <summary>The delivery row id of an event for a subscription, or null (used by the test ping to deliver at once).</summary>
    public async Task<Guid?> FindDeliveryAsync(Guid subscriptionId, string eventId, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Set<WebhookDeliveryEntity>().Where(d => d.SubscriptionId == subscriptionId && d.EventId == eventId)
            .Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>How many deliveries are still pending (all subscriptions).</summary>
    public async Task<int> CountPendingAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Set<WebhookDeliveryEntity>().CountAsync(d => d.Status == Pending, ct);
    }
}
