namespace Tessera.Core.Webhooks;

/// <summary>The event types Tessera emits; subscriptions name these (or <c>*</c>). Receivers switch on them, so they never change once published.</summary>
public static class WebhookEventTypes
{
    /// <summary>A technique's detection coverage dropped (e.g. validated → none).</summary>
    public const string CoverageRegression = "coverage.regression";

    /// <summary>A backlog item (a detection gap to work on) was created.</summary>
    public const string BacklogItemCreated = "backlog.item.created";

    /// <summary>A backlog item was closed.</summary>
    public const string BacklogItemClosed = "backlog.item.closed";

    /// <summary>A closed or done backlog item was reopened because coverage shows its reason again.</summary>
    public const string BacklogItemReopened = "backlog.item.reopened";

    /// <summary>An exposure's risk acceptance reached its end day (sent once per acceptance; the exposure counts as open again).</summary>
    public const string ExposureAcceptanceExpired = "exposure.acceptance.expired";

    /// <summary>Sent by <c>POST /api/v1/webhooks/{id}/test</c> to check a receiver's URL and secret.</summary>
    public const string TestPing = "test.ping";

    public static IReadOnlyList<string> All { get; } = [CoverageRegression, BacklogItemCreated, BacklogItemReopened, BacklogItemClosed, TestPing, ExposureAcceptanceExpired];
}
