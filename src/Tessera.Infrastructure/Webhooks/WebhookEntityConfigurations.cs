using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tessera.Infrastructure.Webhooks;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscriptionEntity>
{
    public void Configure(EntityTypeBuilder<WebhookSubscriptionEntity> e)
    {
        e.ToTable("webhook_subscriptions");
        e.HasKey(x => x.Id);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Url).HasMaxLength(2048);
        e.Property(x => x.Secret).HasMaxLength(200);
        e.Property(x => x.EventTypes).HasMaxLength(2000);
        e.Property(x => x.CreatedBy).HasMaxLength(200);
    }
}

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEventEntity>
{
    public void Configure(EntityTypeBuilder<WebhookEventEntity> e)
    {
        e.ToTable("webhook_events");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(64);
        e.Property(x => x.Type).HasMaxLength(100);
        e.HasIndex(x => x.EnqueuedAt);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDeliveryEntity>
{
    public void Configure(EntityTypeBuilder<WebhookDeliveryEntity> e)
    {
        e.ToTable("webhook_deliveries");
        e.HasKey(x => x.Id);
        e.Property(x => x.EventId).HasMaxLength(64);
        e.Property(x => x.Status).HasMaxLength(16);
        e.Property(x => x.ClaimedBy).HasMaxLength(200);
        // One row per (subscription, event): enqueueing twice cannot queue a second delivery.
        e.HasIndex(x => new { x.SubscriptionId, x.EventId }).IsUnique();
        e.HasIndex(x => new { x.Status, x.NextAttemptAt });
        e.HasOne<WebhookSubscriptionEntity>().WithMany().HasForeignKey(x => x.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<WebhookEventEntity>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttemptEntity>
{
    public void Configure(EntityTypeBuilder<WebhookAttemptEntity> e)
    {
        e.ToTable("webhook_attempts");
        e.HasKey(x => x.Id);
        e.Property(x => x.EventId).HasMaxLength(64);
        e.Property(x => x.EventType).HasMaxLength(100);
        e.Property(x => x.Outcome).HasMaxLength(24);
        e.Property(x => x.Error).HasMaxLength(600);
        e.HasIndex(x => new { x.SubscriptionId, x.EventId });
        e.HasOne<WebhookSubscriptionEntity>().WithMany().HasForeignKey(x => x.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}
