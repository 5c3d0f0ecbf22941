using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Attack;
using Tessera.Core.Audit;
using Tessera.Core.Backlog;
using Tessera.Core.Storage;
using Tessera.Core.Webhooks;

namespace Tessera.Core.Coverage;

/// <summary>
/// Runs after every change that can move coverage (rule edits and imports, validation results, data source status,
/// time passing): detects regressions, stores them, audits them and queues a <c>coverage.regression</c> webhook; then
/// reconciles the backlog (audited, with <c>backlog.item.*</c> webhooks). Callers capture the report before the change
/// with <see cref="CaptureAsync"/> and pass it to <see cref="ProcessAsync(CoverageReport, AttackCollection, string, AuditActor, CancellationToken)"/>.
/// </summary>
public sealed class CoverageChangeMonitor(
    CoverageService coverage, ICoverageRegressionStore regressions, IBacklogStore backlog, IWebhookOutbox outbox, IAuditLog audit,
    ISettingsStore settings, TimeProvider time)
{
    /// <summary>Settings key of the last staleness check's time (round-trip text).</summary>
    public const string LastStalenessCheckKey = "coverage.staleness.lastCheck";

    /// <summary>Techniques listed in one webhook body; the rest are counted (the API lists them all).</summary>
    public const int MaxWebhookTechniques = 200;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Unfiltered coverage now: the "before" of a change.</summary>
    public Task<CoverageReport> CaptureAsync(AttackCollection attack, CancellationToken ct) => coverage.ComputeAsync(attack, null, ct);

    /// <summary>Recomputes coverage after a change and handles it against <paramref name="before"/>.</summary>
    public async Task<CoverageChangeOutcome> ProcessAsync(CoverageReport before, AttackCollection attack, string trigger, AuditActor actor, CancellationToken ct) =>
        await ProcessAsync(before, await coverage.ComputeAsync(attack, null, ct).ConfigureAwait(false), trigger, actor, ct).ConfigureAwait(false);

    /// <summary>Stores, audits and announces the regressions from <paramref name="before"/> to <paramref name="after"/>, then reconciles the backlog with <paramref name="after"/>.</summary>
    public async Task<CoverageChangeOutcome> ProcessAsync(CoverageReport before, CoverageReport after, string trigger, AuditActor actor, CancellationToken ct)
    {
        var changeId = Guid.CreateVersion7(time.GetUtcNow());
        var found = RegressionDetector.Detect(before, after, new RegressionContext(changeId, trigger, actor.Name));
        var stored = found.Count == 0 ? found : await regressions.AddAsync(found, before.ComputedAt, ct).ConfigureAwait(false);
        if (stored.Count > 0)
        {
            var payload = RegressionPayload.Of(changeId, trigger, actor.Name, after, stored);
            await audit.AppendAsync(new AuditEvent
            {
                Actor = actor, Action = "coverage.regression", EntityType = "coverage-regression", EntityId = changeId.ToString(),
                AfterJson = JsonSerializer.Serialize(payload, Json), CorrelationId = changeId.ToString(),
            }, ct).ConfigureAwait(false);
            await outbox.EnqueueAsync(new WebhookEvent
            {
                Id = "evt_" + changeId.ToString("N"), Type = WebhookEventTypes.CoverageRegression, OccurredAt = after.ComputedAt,
                Data = JsonSerializer.SerializeToElement(payload, Json),
            }, ct).ConfigureAwait(false);
        }

        var plan = await ReconcileAsync(after, changeId, ct).ConfigureAwait(false);
        return new CoverageChangeOutcome(changeId, stored, plan);
    }

    /// <summary>Brings the backlog in line with <paramref name="report"/>; audits and announces each created, reopened and closed item.</summary>
    public async Task<BacklogPlan> ReconcileAsync(CoverageReport report, Guid correlation, CancellationToken ct)
    {
        var plan = BacklogReconciler.Plan(report, await backlog.ListAllAsync(ct).ConfigureAwait(false), () => Guid.CreateVersion7(report.ComputedAt));
        if (plan.IsEmpty)
        {
            return plan;
        }

        var applied = await backlog.ApplyAsync(plan, ct).ConfigureAwait(false);
        var actor = AuditActor.System("backlog");
        foreach (var (items, action, type) in new[]
                 {
                     (applied.Create, "backlog.create", WebhookEventTypes.BacklogItemCreated),
                     (applied.Reopen, "backlog.reopen", WebhookEventTypes.BacklogItemReopened),
                     (applied.Close, "backlog.close", WebhookEventTypes.BacklogItemClosed),
                 })
        {
            foreach (var item in items)
            {
                await audit.AppendAsync(new AuditEvent
                {
                    Actor = actor, Action = action, EntityType = "backlog-item", EntityId = item.Id.ToString(),
                    AfterJson = JsonSerializer.Serialize(item, Json), CorrelationId = correlation.ToString(),
                }, ct).ConfigureAwait(false);
                await outbox.EnqueueAsync(new WebhookEvent
                {
                    Id = $"evt_{Guid.CreateVersion7(time.GetUtcNow()):N}", Type = type, OccurredAt = item.UpdatedAt,
                    Data = JsonSerializer.SerializeToElement(item, Json),
                }, ct).ConfigureAwait(false);
            }
        }

        return applied;
    }

    /// <summary>
    /// The staleness check: compares coverage as of the previous check with coverage now on the same rules and runs,
    /// so what it finds is caused by time alone (validations going stale). The first check only records its time.
    /// </summary>
    public async Task<CoverageChangeOutcome> CheckStalenessAsync(AttackCollection attack, CancellationToken ct)
    {
        var input = await coverage.LoadInputAsync(attack, ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var after = CoverageEngine.Compute(input, now);
        var last = await settings.GetAsync(LastStalenessCheckKey, ct).ConfigureAwait(false) is { } text
                   && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at) && at < now
            ? at : now;
        var before = last == now ? after : CoverageEngine.Compute(input, last);
        var outcome = await ProcessAsync(before, after, "staleness-check", AuditActor.System("staleness-check"), ct).ConfigureAwait(false);
        await settings.SetAsync(LastStalenessCheckKey, now.ToString("O", System.Globalization.CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        return outcome;
    }
}

/// <summary>What one change caused: its id, the stored regressions, and the backlog changes applied.</summary>
public sealed record CoverageChangeOutcome(Guid ChangeId, IReadOnlyList<CoverageRegression> Regressions, BacklogPlan Backlog);
