using Microsoft.EntityFrameworkCore;
using Tessera.Core.Webhooks;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Webhooks;

/// <summary>The delivery log in the database, shared by every instance (the dispatcher's "already acknowledged" check sees all of them).</summary>
public sealed class EfWebhookDeliveryLog(IDbContextFactory<TesseraDbContext> contexts) : IWebhookDeliveryLog
{
    public async Task AppendAsync(WebhookDeliveryRecord record, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        db.Set<WebhookAttemptEntity>().Add(new WebhookAttemptEntity
        {
            Id = Guid.CreateVersion7(record.AttemptedAt), SubscriptionId = record.SubscriptionId, EventId = record.EventId,
            EventType = record.EventType, Attempt = record.Attempt, AttemptedAt = record.AttemptedAt, Outcome = record.Outcome.ToString(),
            StatusCode = record.StatusCode, Error = record.Error, DurationMs = record.Duration.TotalMilliseconds,
            NextAttemptInMs = record.NextAttemptIn?.TotalMilliseconds,
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<bool> HasDeliveredAsync(Guid subscriptionId, string eventId, CancellationToken ct)
    {
        var delivered = nameof(WebhookDeliveryOutcome.Delivered);
        await using var db = contexts.CreateDbContext();
        return await db.Set<WebhookAttemptEntity>().AnyAsync(a => a.SubscriptionId == subscriptionId && a.EventId == eventId && a.Outcome == delivered, ct);
    }

    public async Task<IReadOnlyList<WebhookDeliveryRecord>> ListAsync(Guid subscriptionId, int limit, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<WebhookAttemptEntity>().AsNoTracking().Where(a => a.SubscriptionId == subscriptionId)
            .OrderBy(a => a.AttemptedAt).ThenBy(a => a.Attempt).Take(limit).ToListAsync(ct);
        return rows.ConvertAll(a => a.ToRecord());
    }
}
