namespace Tessera.Infrastructure.Webhooks;

/// <summary>What one pass over the outbox did. <see cref="Skipped"/> counts due deliveries another instance claimed first.</summary>
public sealed record WebhookOutboxRun(int Delivered, int RetryScheduled, int Failed, int Skipped)
{
    public int Attempted => Delivered + RetryScheduled + Failed;

    public override string ToString() => $"{Delivered} delivered, {RetryScheduled} retry scheduled, {Failed} failed, {Skipped} skipped";
}
