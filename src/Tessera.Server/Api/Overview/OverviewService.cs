using System.Security.Claims;
using Tessera.Core.Alerts.Triage;
using Tessera.Core.Attack;
using Tessera.Core.Backlog;
using Tessera.Core.Coverage;
using Tessera.Core.Exposures;
using Tessera.Core.Incidents;
using Tessera.Core.Security;
using Tessera.Server.Alerts;
using Tessera.Server.Api.Exposures;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Overview;

/// <summary>
/// Builds the <see cref="OverviewSummary"/> for the Overview page and <c>GET /api/v1/overview</c> from the same stores and
/// services the capability pages and endpoints read; it counts, it does not re-derive (coverage comes from
/// <see cref="CoverageReportCache"/>, the exposure queues from <see cref="ExposureService"/> ranked against that same report,
/// so one load computes coverage at most once).
/// </summary>
public sealed class OverviewService(
    IIncidentStore incidents, IAlertRecordStore alerts, AlertMappingService mapping, KnowledgeBaseHost knowledge,
    CoverageReportCache coverage, ICoverageRegressionStore regressions, ICoverageSnapshotStore snapshots, IBacklogStore backlog,
    ExposureService exposures, TimeProvider time)
{
    /// <summary>Newest open incidents listed; a front page shows a handful, the incidents page the rest.</summary>
    public const int RecentIncidents = 5;

    /// <summary>Backlog items and exposures listed per panel.</summary>
    public const int TopItems = 3;

    /// <summary>Regressions detected within this window count as recent (a week: what a weekly SOC review has not yet seen).</summary>
    public static readonly TimeSpan RegressionWindow = TimeSpan.FromDays(7);

    // Each panel needs what its page needs. Every page of these capabilities requires Read today; a section the caller
    // lacks is left null so the page hides its panel and the API omits it.
    private const Permission IncidentsRead = Permission.Read, AlertsRead = Permission.Read, CoverageRead = Permission.Read,
        BacklogRead = Permission.Read, ExposuresRead = Permission.Read, AttackRead = Permission.Read;

    private static readonly IReadOnlyList<IncidentState> OpenStates = Enum.GetValues<IncidentState>().Where(s => s != IncidentState.Closed).ToList();

    /// <summary>The summary <paramref name="user"/> may read; sections load concurrently (each store call opens its own context).</summary>
    public async Task<OverviewSummary> BuildAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        // One coverage report for both panels that rank by it (the cached one: an overview may be seconds old).
        var reportTask = user.Has(CoverageRead) || user.Has(ExposuresRead) ? ReportAsync(ct) : Task.FromResult<CoverageReport?>(null);
        var incidentTask = When(user, IncidentsRead, () => IncidentsAsync(ct));
        var alertTask = When(user, AlertsRead, () => AlertsAsync(ct));
        var coverageTask = When(user, CoverageRead, () => CoverageAsync(reportTask, ct));
        var backlogTask = When(user, BacklogRead, () => BacklogAsync(ct));
        var exposureTask = When(user, ExposuresRead, async () => await ExposuresAsync(await reportTask, ct));
        return new OverviewSummary
        {
            GeneratedAt = time.GetUtcNow(),
            Incidents = await incidentTask, Alerts = await alertTask, Coverage = await coverageTask,
            Backlog = await backlogTask, Exposures = await exposureTask,
            Attack = user.Has(AttackRead) ? Attack() : null,
        };
    }

    private static async Task<T?> When<T>(ClaimsPrincipal user, Permission permission, Func<Task<T>> load) where T : class =>
        user.Has(permission) ? await load() : null;

    private async Task<IncidentOverview> IncidentsAsync(CancellationToken ct)
    {
        var open = new IncidentQuery { States = OpenStates, Take = RecentIncidents };
        var counts = new List<SeverityCount>();
        foreach (var severity in Enum.GetValues<IncidentSeverity>().Reverse())
        {
            counts.Add(new SeverityCount(severity, (await incidents.ListAsync(open with { Severities = [severity], Take = 1 }, ct)).Total));
        }

        var recent = await incidents.ListAsync(open, ct);
        var techniques = await incidents.HeatmapAsync(new HeatmapQuery { States = OpenStates }, ct);
        return new IncidentOverview
        {
            Open = recent.Total, BySeverity = counts, TechniquesSeen = techniques.Count,
            Recent = recent.Items.Select(i => new IncidentBrief(i.Id, i.Number, i.Title, i.Severity, i.State, i.CreatedAt)).ToList(),
        };
    }

    private async Task<AlertOverview> AlertsAsync(CancellationToken ct)
    {
        async Task<int> CountAsync(TriageState state) => (await alerts.QueryAsync(new AlertRecordQuery { State = state, Take = 1 }, ct)).Total;
        return new AlertOverview
        {
            AwaitingTriage = await CountAsync(TriageState.New), Confirmed = await CountAsync(TriageState.Confirmed),
            Corrected = await CountAsync(TriageState.Corrected), Rejected = await CountAsync(TriageState.Rejected),
            LibraryEntries = (await mapping.GetLibraryAsync().WaitAsync(ct)).Count,
        };
    }

    private async Task<CoverageReport?> ReportAsync(CancellationToken ct) =>
        knowledge.Latest(AttackDomain.Enterprise) is { } attack ? await coverage.GetAsync(attack, ct) : null;

    private async Task<CoverageOverview> CoverageAsync(Task<CoverageReport?> reportTask, CancellationToken ct)
    {
        var since = time.GetUtcNow() - RegressionWindow;
        var recent = (await regressions.ListAsync(since, 0, 1, ct)).Total;
        if (await reportTask is not { } report)
        {
            return new CoverageOverview { States = [], RecentRegressions = recent, RegressionsSince = since };
        }

        var all = report.Summarize(CoverageScope.All);
        var newest = await snapshots.ListAsync(report.CollectionKey, 1, ct);
        return new CoverageOverview
        {
            Collection = report.CollectionKey, ComputedAt = report.ComputedAt, Techniques = all.Total, ValidatedPercent = all.ValidatedPercent,
            States = CoverageStates.All.Select(s => new CoverageStateCount(s, all.Count(s))).ToList(),
            RecentRegressions = recent, RegressionsSince = since, LastSnapshotAt = newest.Count > 0 ? newest[^1].TakenAt : null,
        };
    }

    private async Task<BacklogOverview> BacklogAsync(CancellationToken ct)
    {
        var active = new BacklogQuery { States = [BacklogState.Open, BacklogState.InProgress], Take = BacklogQuery.MaxTake };
        var items = new List<BacklogItem>();
        for (var page = await backlog.QueryAsync(active, ct); ; page = await backlog.QueryAsync(active with { Skip = items.Count }, ct))
        {
            items.AddRange(page.Items);
            if (page.Items.Count < BacklogQuery.MaxTake) break;
        }

        // Items carry no priority of their own (all are priority techniques). First the ones with a due date, soonest
        // (so overdue) first; then by reason: a failing or data-less detection is one the SOC believes it has, a gap is
        // known, a stale one passed before; then the oldest.
        var top = items
            .OrderBy(i => i.DueOn ?? DateOnly.MaxValue).ThenBy(i => ReasonRank(i.Reason)).ThenBy(i => i.CreatedAt)
            .Take(TopItems)
            .Select(i => new BacklogBrief(i.Id, i.Technique.Value, i.TechniqueName, i.Reason, i.State, i.Owner, i.DueOn)).ToList();
        return new BacklogOverview { Active = items.Count, InProgress = items.Count(i => i.State == BacklogState.InProgress), Top = top };
    }

    private static int ReasonRank(BacklogReason reason) => reason switch
    {
        BacklogReason.Failing => 0,
        BacklogReason.NoData => 1,
        BacklogReason.Gap => 2,
        _ => 3,
    };

    private async Task<ExposureOverview> ExposuresAsync(CoverageReport? report, CancellationToken ct)
    {
        var board = await exposures.BoardAsync(report, ct);
        var queue = board.Queue.ToList();
        var gap = CoverageState.Gap.Slug();
        var endingSoon = board.Exposures.Where(e => e.AcceptanceEndingSoon).ToList();
        return new ExposureOverview
        {
            Open = queue.Count, GapQueue = board.Gaps.Count,
            OnUncoveredTechniques = queue.Count(e => e.Techniques.Any(t => t.Coverage == gap)),
            Top = queue.Take(TopItems).Select(e => new ExposureBrief(e.Id, e.Cve, e.Asset, e.Severity, e.Title, e.Score, e.Reason)).ToList(),
            AcceptanceWindowDays = board.AcceptanceWindowDays,
            AcceptancesEndingSoon = endingSoon.Count, AcceptancesExpired = board.Exposures.Count(e => e.AcceptanceExpired),
            // Soonest end first; on the same day the higher priority first (Exposures is in queue order and OrderBy is stable).
            EndingSoon = endingSoon.OrderBy(e => e.AcceptanceEndsInDays).Take(TopItems)
                .Select(e => new AcceptanceBrief(e.Id, e.Cve, e.Asset, e.Severity, e.Title, e.AcceptedUntil!.Value, e.AcceptanceEndsInDays!.Value)).ToList(),
        };
    }

    private AttackOverview Attack() => new(
        knowledge.Collections.Select(c => new CollectionBrief(c.Info.Key, c.Info.Name, c.Info.Version,
            c.Techniques.Count(t => t.IsActive), c.Groups.Count(g => g.IsActive))).ToList(),
        knowledge.LoadErrors.ToList());
}
