using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Webhooks;

namespace Tessera.Server.Demo;

/// <summary>
/// A disabled example subscription, so the webhook page shows what one looks like. Disabled on purpose: the demo has
/// no receiver, and an enabled hook would only fill the log with refused connections. Enable it after pointing it at
/// a receiver (or create your own and press Test).
/// </summary>
public sealed class WebhooksDemoSeeder : IDemoSeeder
{
    public const string DemoName = "demo-soar (disabled)";

    public int Order => 510;

    public async Task SeedAsync(DemoContext context, CancellationToken ct)
    {
        var store = context.Services.GetRequiredService<IWebhookSubscriptionStore>();
        if ((await store.ListAsync(ct)).Any(s => s.Name == DemoName))
        {
            return;
        }

        await store.CreateAsync(new WebhookSubscription
        {
            Id = Guid.CreateVersion7(), Name = DemoName, Url = new Uri("http://127.0.0.1:8088/hooks/tessera"), Secret = WebhookSubscription.GenerateSecret(),
            EventTypes = [WebhookEventTypes.CoverageRegression, WebhookEventTypes.BacklogItemCreated], Enabled = false, CreatedBy = "demo",
        }, ct);
    }
}
