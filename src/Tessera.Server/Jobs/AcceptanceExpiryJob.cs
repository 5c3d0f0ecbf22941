using Tessera.Core.Exposures;

namespace Tessera.Server.Jobs;

/// <summary>Announces risk acceptances whose end day has begun (<c>exposure.acceptance.expired</c> webhooks, once each).</summary>
public sealed class AcceptanceExpiryJob(AcceptanceExpiryNotifier notifier) : ITesseraJob
{
    public const string Name = "exposure-acceptance-expiry";

    /// <summary>Acceptances end at 00:00 UTC on whole days; hourly announces an expiry within the hour for one small query an hour.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public async Task<string?> RunAsync(CancellationToken ct) => $"{await notifier.NotifyAsync(ct)} ended acceptances announced";
}
