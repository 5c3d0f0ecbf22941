using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Security;
using Tessera.Core.Webhooks;
using Tessera.Infrastructure.Webhooks;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Webhooks;

/// <summary>Webhook subscriptions (admin): create (the secret is shown once), list, update (enable/disable, rotate the secret), delete, delivery log, signed test ping.</summary>
public static class WebhookEndpoints
{
    public const int DefaultDeliveries = 50;

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/api/v1/webhooks").WithTags("Webhooks").Require(Permission.ManageSettings);
        hooks.MapGet("/", ListAsync).WithSummary("List webhook subscriptions");
        hooks.MapPost("/", CreateAsync).WithSummary("Subscribe a URL to events");
        hooks.MapGet("/{id:guid}", GetAsync).WithSummary("Get a webhook subscription");
        hooks.MapPatch("/{id:guid}", UpdateAsync).WithSummary("Change a webhook subscription");
        hooks.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete a webhook subscription");
        hooks.MapGet("/{id:guid}/deliveries", DeliveriesAsync).WithSummary("Delivery attempts of a webhook");
        hooks.MapPost("/{id:guid}/test", TestAsync).WithSummary("Send a test ping to a webhook");
        return app;
    }

    /// <summary>A subscription as the API shows it: never the secret.</summary>
    public sealed record WebhookView(Guid Id, string Name, Uri Url, IReadOnlyList<string> EventTypes, bool Enabled, string? CreatedBy, DateTimeOffset CreatedAt)
    {
        public static WebhookView Of(WebhookSubscription s) => new(s.Id, s.Name, s.Url, s.EventTypes, s.Enabled, s.CreatedBy, s.CreatedAt);
    }

    /// <summary>Omit <c>secret</c> to have one generated (recommended).</summary>
    public sealed record CreateWebhookRequest(string? Name, string? Url, IReadOnlyList<string>? EventTypes, string? Secret, bool? Enabled);

    /// <summary>The secret appears in this answer only; receivers need it to verify <c>Tessera-Signature</c>.</summary>
    public sealed record CreatedWebhookView(WebhookView Webhook, string Secret);

    /// <summary>Only the fields given change; <c>rotateSecret</c> generates a new secret, returned once in the answer.</summary>
    public sealed record UpdateWebhookRequest(string? Name, string? Url, IReadOnlyList<string>? EventTypes, bool? Enabled, bool? RotateSecret);

    /// <summary><c>secret</c> is set only when the request rotated it.</summary>
    public sealed record UpdatedWebhookView(WebhookView Webhook, string? Secret);

    public sealed record AttemptView(int Attempt, DateTimeOffset AttemptedAt, string Outcome, int? StatusCode, string? Error, double DurationMs);

    public sealed record DeliveryView(string EventId, string IdempotencyKey, string EventType, string Status, int Attempts,
        DateTimeOffset EnqueuedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, IReadOnlyList<AttemptView> Log)
    {
        public static DeliveryView Of(WebhookDelivery d) => new(d.EventId, d.EventId, d.EventType, d.Status.ToString().ToLowerInvariant(), d.AttemptCount,
            d.EnqueuedAt, d.NextAttemptAt, d.DeliveredAt,
            d.Attempts.Select(a => new AttemptView(a.Attempt, a.AttemptedAt, a.Outcome.ToString(), a.StatusCode, a.Error, a.Duration.TotalMilliseconds)).ToList());
    }

    public sealed record TestResult(string EventId, string Outcome, int? StatusCode, string? Error);

    private static async Task<Ok<List<WebhookView>>> ListAsync(IWebhookSubscriptionStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(ct)).Select(WebhookView.Of).ToList());

    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> GetAsync(Guid id, IWebhookSubscriptionStore store, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } s ? TypedResults.Ok(WebhookView.Of(s)) : Problems.NotFound($"No webhook {id}.");

    private static async Task<Results<Created<CreatedWebhookView>, ProblemHttpResult>> CreateAsync(
        CreateWebhookRequest request, IWebhookSubscriptionStore store, AuditWriter audit, Cluster.WebhookTargetOptions targets, HttpContext ctx, CancellationToken ct)
    {
        if (!Uri.TryCreate(request.Url?.Trim(), UriKind.Absolute, out var url))
        {
            return Problems.Invalid("url is required and must be an absolute http(s) URL.", new Dictionary<string, string[]> { ["url"] = ["not an absolute URL"] });
        }

        if (WebhookTargets.UrlRefusal(url, targets.AllowLoopback) is { } refused)
        {
            return Problems.Invalid("url: " + refused, new Dictionary<string, string[]> { ["url"] = [refused] });
        }

        if (string.IsNullOrWhiteSpace(request.Name))
        {
            return NameRequired();
        }

        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(), Name = request.Name.Trim(), Url = url, Secret = request.Secret ?? WebhookSubscription.GenerateSecret(),
            // Left out, a subscription takes every event; an empty list is refused as on update (it would never fire).
            EventTypes = request.EventTypes is { } types ? types.Select(t => t.Trim()).ToList() : ["*"],
            Enabled = request.Enabled ?? true, CreatedBy = ctx.User.Identity?.Name,
        };
        var result = await store.CreateAsync(subscription, ct);
        if (!result.IsSaved)
        {
            return Problems.From(result);
        }

        var view = WebhookView.Of(result.Value!);
        await audit.WriteAsync(ctx.User, "webhook.create", "webhook", view.Id.ToString(), null, view, ct);
        return TypedResults.Created($"/api/v1/webhooks/{view.Id}", new CreatedWebhookView(view, subscription.Secret));
    }

    private static ProblemHttpResult NameRequired() =>
        Problems.Invalid("name is required: a label people recognise (e.g. soar-prod).", new Dictionary<string, string[]> { ["name"] = ["blank"] });

    private static async Task<Results<Ok<UpdatedWebhookView>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateWebhookRequest request, IWebhookSubscriptionStore store, AuditWriter audit, Cluster.WebhookTargetOptions targets, HttpContext ctx, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } before)
        {
            return Problems.NotFound($"No webhook {id}.");
        }

        if (request.Name is not null && string.IsNullOrWhiteSpace(request.Name))
        {
            return NameRequired();
        }

        Uri? url = null;
        if (request.Url is not null && !Uri.TryCreate(request.Url.Trim(), UriKind.Absolute, out url))
        {
            return Problems.Invalid("url must be an absolute http(s) URL.", new Dictionary<string, string[]> { ["url"] = ["not an absolute URL"] });
        }

        if (url is not null && WebhookTargets.UrlRefusal(url, targets.AllowLoopback) is { } refused)
        {
            return Problems.Invalid("url: " + refused, new Dictionary<string, string[]> { ["url"] = [refused] });
        }

        var rotated = request.RotateSecret == true ? WebhookSubscription.GenerateSecret() : null;
        var result = await store.UpdateAsync(before with
        {
            Name = request.Name?.Trim() ?? before.Name, Url = url ?? before.Url, Secret = rotated ?? before.Secret,
            EventTypes = request.EventTypes?.Select(t => t.Trim()).ToList() ?? before.EventTypes, Enabled = request.Enabled ?? before.Enabled,
        }, ct);
        if (!result.IsSaved)
        {
            return Problems.From(result);
        }

        var view = WebhookView.Of(result.Value!);
        // The audit shows that the secret changed, never the secret itself.
        await audit.WriteAsync(ctx.User, "webhook.update", "webhook", id.ToString(), WebhookView.Of(before), new { Webhook = view, SecretRotated = rotated is not null }, ct);
        return TypedResults.Ok(new UpdatedWebhookView(view, rotated));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, IWebhookSubscriptionStore store, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        var before = await store.FindAsync(id, ct);
        if (before is null || !await store.DeleteAsync(id, ct))
        {
            return Problems.NotFound($"No webhook {id}.");
        }

        await audit.WriteAsync(ctx.User, "webhook.delete", "webhook", id.ToString(), WebhookView.Of(before), null, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<DeliveryView>>, ProblemHttpResult>> DeliveriesAsync(
        Guid id, int? limit, IWebhookSubscriptionStore store, CancellationToken ct)
    {
        if (limit is < 1 or > EfWebhookSubscriptionStore.MaxDeliveries)
        {
            return Problems.BadRequest($"limit must be 1..{EfWebhookSubscriptionStore.MaxDeliveries}.");
        }

        if (await store.FindAsync(id, ct) is null)
        {
            return Problems.NotFound($"No webhook {id}.");
        }

        return TypedResults.Ok((await store.ListDeliveriesAsync(id, limit ?? DefaultDeliveries, ct)).Select(DeliveryView.Of).ToList());
    }

    private static async Task<Results<Ok<TestResult>, ProblemHttpResult>> TestAsync(
        Guid id, IWebhookSubscriptionStore store, WebhookTester tester, HttpContext ctx, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } subscription
            ? TypedResults.Ok(await tester.PingAsync(subscription, ctx.User, ct))
            : Problems.NotFound($"No webhook {id}.");
}
