using Tessera.Core.Webhooks;
using Tessera.Infrastructure.Webhooks;

namespace Tessera.Server.Jobs;

/// <summary>Delivers due webhook deliveries from the outbox: one attempt each per run; retries wait in the database.</summary>
public sealed class WebhookDeliveryJob(EfWebhookOutbox outbox, IWebhookDeliveryLog log, IHttpClientFactory http, JobInstance instance, TimeProvider time)
    : ITesseraJob
{
    public const string Name = "webhook-delivery";

    /// <summary>Close to the first retry delay (10 s): an event waits at most this long for its first attempt.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    public const string HttpClientName = "webhooks";

    /// <summary>A dispatcher on the redirect-free "webhooks" client, logging to the database.</summary>
    public WebhookDispatcher Dispatcher() => new(http.CreateClient(HttpClientName), time, log);

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        var run = await outbox.DeliverDueAsync(Dispatcher(), instance.Id, EfWebhookOutbox.DefaultBatchSize, ct);
        return run.ToString();
    }
}
