using Microsoft.EntityFrameworkCore;
using Tessera.Core.Storage;
using Tessera.Core.Webhooks;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Webhooks;

public sealed class EfWebhookSubscriptionStore(IDbContextFactory<TesseraDbContext> contexts, TimeProvider time) : IWebhookSubscriptionStore
{
    /// <summary>Upper bound for one page of the delivery list (each delivery carries its attempts).</summary>
    public const int MaxDeliveries = 500;

    public async Task<SaveResult<WebhookSubscription>> CreateAsync(WebhookSubscription subscription, CancellationToken ct)
    {
        var problems = subscription.Validate();
        if (problems.Count > 0)
        {
            return SaveResult<WebhookSubscription>.Invalid(string.Join("; ", problems));
        }

        var saved = subscription with { CreatedAt = time.GetUtcNow() };
        await using var db = contexts.CreateDbContext();
        db.Set<WebhookSubscriptionEntity>().Add(new WebhookSubscriptionEntity
        {
            Id = saved.Id, Name = saved.Name, Url = saved.Url.AbsoluteUri, Secret = saved.Secret, EventTypes = string.Join(' ', saved.EventTypes.Distinct()),
            Enabled = saved.Enabled, CreatedBy = saved.CreatedBy, CreatedAt = saved.CreatedAt,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return SaveResult<WebhookSubscription>.Saved(saved);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return SaveResult<WebhookSubscription>.Duplicate($"A webhook with id {saved.Id} exists already.");
        }
    }

    public async Task<SaveResult<WebhookSubscription>> UpdateAsync(WebhookSubscription subscription, CancellationToken ct)
    {
        var problems = subscription.Validate();
        if (problems.Count > 0)
        {
            return SaveResult<WebhookSubscription>.Invalid(string.Join("; ", problems));
        }

        await using var db = contexts.CreateDbContext();
        var row = await db.Set<WebhookSubscriptionEntity>().FirstOrDefaultAsync(s => s.Id == subscription.Id, ct);
        if (row is null)
        {
            return SaveResult<WebhookSubscription>.NotFound($"No webhook {subscription.Id}.");
        }

        (row.Name, row.Url, row.Secret, row.EventTypes, row.Enabled) =
            (subscription.Name, subscription.Url.AbsoluteUri, subscription.Secret, string.Join(' ', subscription.EventTypes.Distinct()), subscription.Enabled);
        await db.SaveChangesAsync(ct);
        return SaveResult<WebhookSubscription>.Saved(row.ToSubscription());
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<WebhookSubscriptionEntity>().AsNoTracking().OrderBy(s => s.CreatedAt).ThenBy(s => s.Name).ToListAsync(ct);
        return rows.ConvertAll(s => s.ToSubscription());
    }

    public async Task<WebhookSubscription?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        return (await db.Set<WebhookSubscriptionEntity>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct))?.ToSubscription();
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        // Deliveries and attempts go with it (cascading foreign keys); queued events stay for other subscriptions.
        return await db.Set<WebhookSubscriptionEntity>().Where(s => s.Id == id).ExecuteDeleteAsync(ct) == 1;
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(Guid subscriptionId, int limit, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var deliveries = await (
                from d in db.Set<WebhookDeliveryEntity>().AsNoTracking()
                join e in db.Set<WebhookEventEntity>() on d.EventId equals e.Id
                where d.SubscriptionId == subscriptionId
                orderby d.EnqueuedAt descending, d.EventId descending
                select new { Delivery = d, e.Type })
            .Take(Math.Clamp(limit, 1, MaxDeliveries)).ToListAsync(ct);
        var eventIds = deliveries.Select(d => d.Delivery.EventId).ToList();
        var attempts = (await db.Set<WebhookAttemptEntity>().AsNoTracking()
                .Where(a => a.SubscriptionId == subscriptionId && eventIds.Contains(a.EventId)).ToListAsync(ct))
            .ToLookup(a => a.EventId, StringComparer.Ordinal);
        return deliveries.ConvertAll(row => new WebhookDelivery
        {
            SubscriptionId = subscriptionId, EventId = row.Delivery.EventId, EventType = row.Type,
            Status = Enum.Parse<WebhookDeliveryStatus>(row.Delivery.Status), AttemptCount = row.Delivery.AttemptCount,
            EnqueuedAt = row.Delivery.EnqueuedAt, DeliveredAt = row.Delivery.DeliveredAt,
            NextAttemptAt = row.Delivery.Status == nameof(WebhookDeliveryStatus.Pending) ? row.Delivery.NextAttemptAt : null,
            Attempts = attempts[row.Delivery.EventId].OrderByDescending(a => a.Attempt).Select(a => a.ToRecord()).ToList(),
        });
    }
}
