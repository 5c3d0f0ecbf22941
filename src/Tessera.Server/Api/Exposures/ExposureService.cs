using System.Security.Claims;
using Tessera.Core.Alerts;
using Tessera.Core.Audit;
using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Exposures;
using Tessera.Core.Storage;
using Tessera.Core.Threats;
using Tessera.Server.Api.Threats;
using Tessera.Server.Hosting;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Exposures;

/// <summary>
/// Exposures for the API, the page and threat prioritisation: imports (audited), manual mappings (audited) and the two
/// queues, ranked by <see cref="ExposurePriority"/> against the coverage engine's state in the newest Enterprise release.
/// </summary>
public sealed class ExposureService(
    IExposureStore store, CoverageService coverage, KnowledgeBaseHost knowledge, AuditWriter audit, ISettingsStore settings, TesseraServerOptions options,
    TimeProvider time)
{
    private readonly Lazy<(KevTechniqueMap Map, string? Problem)> _map = new(() => LoadMap(TesseraWebApp.SharedDataFolder(options)));

    /// <summary>The CTID KEV mappings from the shared data folder's <c>ctid/</c>, or an empty map (then only file and manual mappings link).</summary>
    public KevTechniqueMap Map => _map.Value.Map;

    public static (KevTechniqueMap, string?) LoadMap(string? sharedFolder)
    {
        if (sharedFolder is null)
        {
            return (KevTechniqueMap.Empty, "no shared data folder beside the ATT&CK sources: CVEs are not mapped through the CTID KEV mappings");
        }

        try
        {
            var kev = AlertMapperFactory.LoadKev(sharedFolder);
            return (KevTechniqueMap.From(kev), kev.Entries.Count == 0 ? "the CTID KEV mappings file was not found under " + Path.Combine(sharedFolder, "ctid") : null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return (KevTechniqueMap.Empty, "the CTID KEV mappings could not be read: " + ex.Message);
        }
    }

    /// <summary>
    /// Every stored exposure (open ones first, each part in queue order) and the gap queue, which only open exposures raise:
    /// resolved and risk-accepted exposures are listed but do not push anything up. Acceptances whose end day has begun
    /// count as open (<see cref="ExposureStatusRules.EffectiveStatus"/>) and are flagged in their view.
    /// </summary>
    public async Task<ExposureBoard> BoardAsync(CancellationToken ct) => await BoardAsync(await LatestCoverageAsync(ct), ct);

    /// <summary>
    /// The view of <paramref name="saved"/>, an exposure as a write stored it, ranked as <see cref="BoardAsync(CancellationToken)"/>
    /// ranks it (one exposure's score depends on no other). Built from the write's own result, not read again: an exposure
    /// deleted since is still answered with what the write did, which its audit entry records.
    /// </summary>
    public async Task<ExposureView> ViewAsync(StoredExposure saved, CancellationToken ct)
    {
        var ranking = await RankingContextAsync(await LatestCoverageAsync(ct), ct);
        var ranked = ExposurePriority.RankExposures([Ranking(saved)], ranking.Map, ranking.Lookup).Single();
        return ranking.Views.Exposure(saved, ranked);
    }

    private async Task<CoverageReport?> LatestCoverageAsync(CancellationToken ct) =>
        knowledge.Latest(AttackDomain.Enterprise) is { } attack ? await coverage.ComputeAsync(attack, null, ct) : null;

    // What ranking and describing exposures takes besides the exposures: the mappings, coverage and the team's window.
    private sealed record RankingContext(
        DateTimeOffset Now, int Window, IReadOnlyList<CveTechniqueMapping> CveMappings, KevTechniqueMap Map, AttackCollection? Attack,
        ITechniqueCoverageLookup Lookup, ExposureViewBuilder Views);

    private async Task<RankingContext> RankingContextAsync(CoverageReport? report, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var window = (await SettingsAsync(ct)).AcceptanceWindowDays;
        var cveMappings = await store.ListCveMappingsAsync(ct);
        var map = WithCveMappings(cveMappings);
        // The release the report was computed on, so names and ranking agree even if a newer one loaded since.
        var attack = (report is null ? null : knowledge.Find(report.CollectionKey)) ?? knowledge.Latest(AttackDomain.Enterprise);
        CoverageState StateOf(TechniqueId id) => report?.Find(id.Value)?.State ?? CoverageState.Gap;
        var lookup = TechniqueCoverageLookup.From(id => ThreatService.LevelOf(StateOf(id)));
        return new RankingContext(now, window, cveMappings, map, attack, lookup, new ExposureViewBuilder(attack, map, StateOf, now, window));
    }

    /// <summary>
    /// The board against <paramref name="report"/>, coverage of the newest Enterprise release the caller already holds
    /// (the Overview's cached one, so one page load computes coverage once); null ranks every technique as a gap.
    /// </summary>
    public async Task<ExposureBoard> BoardAsync(CoverageReport? report, CancellationToken ct)
    {
        var (now, window, cveMappings, map, attack, lookup, views) = await RankingContextAsync(report, ct);
        var stored = await store.ListAsync(ExposureQuery.All, ct);
        var byRankingId = stored.ToDictionary(s => RankingId(s));
        var ranking = stored.Select(Ranking).ToList();
        return new ExposureBoard
        {
            Collection = attack?.Info.Key,
            MappingProblem = _map.Value.Problem,
            AcceptanceWindowDays = window,
            // OrderBy is stable: each status keeps the queue order.
            Exposures = ExposurePriority.RankExposures(ranking, map, lookup)
                .Select(r => views.Exposure(byRankingId[r.Exposure.Id], r)).OrderBy(v => v.Status != OpenSlug).ToList(),
            Gaps = ExposurePriority.RankGaps([], OpenRanking(stored, now), map, lookup).Select(g => views.Gap(g, byRankingId)).ToList(),
            CveMappings = CveMappingViews(cveMappings, stored, attack, now),
        };
    }

    /// <summary>The team's exposure settings (the defaults when none are stored).</summary>
    public Task<ExposureSettings> SettingsAsync(CancellationToken ct) => ExposureSettings.LoadAsync(settings, ct);

    /// <summary>
    /// Saves the team's exposure settings, audited as <c>exposure.settings</c> with before and after when they changed. Returns the problems,
    /// each naming its field, when a value is out of range; then nothing is saved or audited.
    /// </summary>
    public async Task<IReadOnlyList<string>> SaveSettingsAsync(ClaimsPrincipal who, ExposureSettings request, CancellationToken ct)
    {
        if (request.Validate() is { Count: > 0 } problems)
        {
            return problems;
        }

        var before = await SettingsAsync(ct);
        await request.SaveAsync(settings, ct);
        await audit.WriteChangeAsync(who, SettingsAction, "setting", ExposureSettings.Key, before, request, ct);
        return [];
    }

    /// <summary>The CTID map plus the stored CVE-wide mappings (origin <see cref="KevTechniqueMap.ManualCveOrigin"/>), as of one read.</summary>
    private KevTechniqueMap WithCveMappings(IReadOnlyList<CveTechniqueMapping> mappings) =>
        mappings.Count == 0 ? Map : Map.WithManual(mappings.Select(m => m.ToManual()));

    /// <summary>Every CVE-wide mapping with how many stored exposures (and open ones) it applies to, by CVE then technique.</summary>
    public Task<IReadOnlyList<CveMappingView>> CveMappingsAsync(CancellationToken ct) =>
        CveMappingsAsync(store, knowledge.Latest(AttackDomain.Enterprise), time.GetUtcNow(), ct);

    /// <summary>As <see cref="CveMappingsAsync(CancellationToken)"/> on any store (the CLI's), names from <paramref name="attack"/> when given.</summary>
    public static async Task<IReadOnlyList<CveMappingView>> CveMappingsAsync(IExposureStore store, AttackCollection? attack, DateTimeOffset now, CancellationToken ct)
    {
        var mappings = await store.ListCveMappingsAsync(ct);
        var stored = mappings.Count == 0 ? [] : await store.ListAsync(ExposureQuery.All, ct);
        return CveMappingViews(mappings, stored, attack, now);
    }

    /// <summary>
    /// Maps a technique to every exposure with a CVE (audited as <c>exposure.cve-mapping.add</c> when it is new; adding an existing
    /// mapping changes nothing and is not audited). Errors name the field (<c>cve</c>, <c>technique</c>); a well-formed technique
    /// the loaded release does not know is kept, its view without a name, as for per-exposure mappings.
    /// </summary>
    public async Task<CveMappingOutcome> AddCveMappingAsync(ClaimsPrincipal who, string? cve, string? technique, CancellationToken ct)
    {
        var input = CveMappingInput.Parse(cve, technique);
        if (!input.Succeeded)
        {
            return new CveMappingOutcome { Errors = input.Errors };
        }

        var result = await store.AddCveMappingAsync(input.Cve, input.Technique, Actor(who), ct);
        var view = await CveMappingViewAsync(result.Mapping, ct);
        if (result.Added)
        {
            await audit.WriteAsync(who, CveMappingAddAction, CveMappingEntity, CveMappingEntityId(result.Mapping), null, Snapshot(view), ct);
        }

        return new CveMappingOutcome { Mapping = view, Changed = result.Added };
    }

    /// <summary>Removes a CVE-wide mapping (audited as <c>exposure.cve-mapping.remove</c>); <see cref="CveMappingOutcome.NotFound"/> when there is none.</summary>
    public async Task<CveMappingOutcome> RemoveCveMappingAsync(ClaimsPrincipal who, string? cve, string? technique, CancellationToken ct)
    {
        var input = CveMappingInput.Parse(cve, technique);
        if (!input.Succeeded)
        {
            return new CveMappingOutcome { Errors = input.Errors };
        }

        var result = await store.RemoveCveMappingAsync(input.Cve, input.Technique, ct);
        if (!result.IsSaved)
        {
            return new CveMappingOutcome { NotFound = result.Message };
        }

        var view = await CveMappingViewAsync(result.Value!, ct);
        await audit.WriteAsync(who, CveMappingRemoveAction, CveMappingEntity, CveMappingEntityId(result.Value!), Snapshot(view), null, ct);
        return new CveMappingOutcome { Mapping = view, Changed = true };
    }

    private Task<CveMappingView> CveMappingViewAsync(CveTechniqueMapping mapping, CancellationToken ct) =>
        CveMappingViewAsync(store, mapping, knowledge.Latest(AttackDomain.Enterprise), time.GetUtcNow(), ct);

    /// <summary>One mapping's view, counting the exposures with its CVE in <paramref name="store"/> (the CLI's too).</summary>
    public static async Task<CveMappingView> CveMappingViewAsync(
        IExposureStore store, CveTechniqueMapping mapping, AttackCollection? attack, DateTimeOffset now, CancellationToken ct)
    {
        var exposures = await store.ListAsync(new ExposureQuery { Cve = mapping.Cve.Value }, ct);
        return CveMappingViews([mapping], exposures, attack, now)[0];
    }

    /// <summary>
    /// Views of <paramref name="mappings"/> counting the exposures among <paramref name="stored"/> each applies to (open as of
    /// <paramref name="now"/>); names from <paramref name="attack"/> when given.
    /// </summary>
    public static List<CveMappingView> CveMappingViews(
        IReadOnlyList<CveTechniqueMapping> mappings, IReadOnlyList<StoredExposure> stored, AttackCollection? attack, DateTimeOffset now)
    {
        var byCve = stored.Where(s => s.Exposure.Cve is not null).ToLookup(s => s.Exposure.Cve!, StringComparer.OrdinalIgnoreCase);
        return mappings.Select(m => new CveMappingView(m.Cve.Value, m.Technique.Value, attack?.FindTechnique(m.Technique)?.Name, m.AddedBy, m.AddedAt,
            byCve[m.Cve.Value].Count(), byCve[m.Cve.Value].Count(s => s.EffectiveStatus(now) == ExposureStatus.Open))).ToList();
    }

    /// <summary>Audit action of a change to the team's exposure settings.</summary>
    public const string SettingsAction = "exposure.settings";

    /// <summary>Audit action of a new CVE-wide mapping (the server's and the CLI's).</summary>
    public const string CveMappingAddAction = "exposure.cve-mapping.add";

    /// <summary>Audit action of a removed CVE-wide mapping.</summary>
    public const string CveMappingRemoveAction = "exposure.cve-mapping.remove";

    /// <summary>Audit entity type of CVE-wide mappings; the entity ID is <c>CVE/TECHNIQUE</c> (<see cref="CveMappingEntityId"/>).</summary>
    public const string CveMappingEntity = "exposure-cve-mapping";

    public static string CveMappingEntityId(CveTechniqueMapping m) => $"{m.Cve}/{m.Technique}";

    /// <summary>A CVE-wide mapping as its audit entries record it, with how many exposures it applied to then.</summary>
    public static object Snapshot(CveMappingView m) => new { m.Cve, m.Technique, m.AddedBy, m.AddedAt, m.Exposures, m.OpenExposures };

    /// <summary>
    /// Open exposures (expired acceptances included) per technique, each exposure once per technique, any mapping type: the
    /// threat priority's exposure term.
    /// </summary>
    public async Task<IReadOnlyDictionary<TechniqueId, int>> CountsByTechniqueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var open = await store.ListAsync(new ExposureQuery { Status = ExposureStatus.Open, AsOf = now }, ct);
        var map = WithCveMappings(await store.ListCveMappingsAsync(ct));
        return OpenRanking(open, now).SelectMany(e => map.For(e).Select(l => l.Technique).Distinct())
            .GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>
    /// Sets an exposure's lifecycle status (audited as <c>exposure.status</c> with before/after when it changed).
    /// <paramref name="acceptedUntil"/> is the acceptance's end day as <c>YYYY-MM-DD</c> (required for accepted). Invalid with a
    /// message starting <c>status:</c>, <c>reason:</c> or <c>acceptedUntil:</c> for what <see cref="ExposureStatusRules.Validate"/>
    /// refuses, an unknown status or a malformed day.
    /// </summary>
    public async Task<SaveResult<StoredExposure>> SetStatusAsync(
        ClaimsPrincipal who, Guid id, string? status, string? reason, string? acceptedUntil, CancellationToken ct, long? expectedStatusVersion = null)
    {
        if (!ExposureStatusRules.TryParse(status, out var parsed))
        {
            return SaveResult<StoredExposure>.Invalid($"status: '{status}' is not a status (open, resolved or accepted).");
        }

        DateOnly? until = null;
        if (!string.IsNullOrWhiteSpace(acceptedUntil))
        {
            if (!ExposureStatusRules.TryParseDay(acceptedUntil, out var day))
            {
                return SaveResult<StoredExposure>.Invalid(ExposureStatusRules.NotADay("acceptedUntil", acceptedUntil) + ".");
            }

            until = day;
        }

        var before = await store.FindAsync(id, ct);
        var result = await store.SetStatusAsync(id, expectedStatusVersion, parsed, reason, until, Actor(who), ct);
        // Setting the status, reason and end day it already has changes nothing, so there is nothing to audit.
        var unchanged = before is not null && result.Value is { } after && before.HasSameStatusAs(after);
        return unchanged ? result : await AuditedAsync(who, "exposure.status", before, result, ct);
    }

    /// <summary>
    /// Parses and, when every line is valid, stores the file (audited by <see cref="AuditImportAsync"/>). Nothing is stored
    /// on any error.
    /// </summary>
    public async Task<(ExposureImportResult Parsed, ExposureStoreSummary? Stored)> ImportAsync(
        ClaimsPrincipal who, ReadOnlyMemory<byte> content, bool json, string fileName, CancellationToken ct)
    {
        var parsed = json ? ExposureImporter.ReadJson(content, fileName) : ExposureImporter.ReadCsv(content, fileName);
        if (!parsed.Succeeded)
        {
            return (parsed, null);
        }

        var summary = await store.ImportAsync(parsed.Exposures, Actor(who), fileName, ct);
        await AuditImportAsync(audit, who.Actor(), fileName, parsed.RowsRead, summary, ct);
        return (parsed, summary);
    }

    /// <summary>
    /// Audits a stored import, the server's and the CLI's alike: one <c>exposure.import</c> entry with the counts, then one
    /// <c>exposure.status</c> entry per exposure the import reopened, with the exposure before and after, as an analyst's
    /// status change is audited. The audit is kept per entity (<c>entityId</c> filters), so an exposure's own trail shows the
    /// import that reopened it (its reason names the file) between the analyst's resolve and what follows.
    /// </summary>
    public static async Task AuditImportAsync(AuditWriter audit, AuditActor actor, string fileName, int rowsRead, ExposureStoreSummary summary, CancellationToken ct)
    {
        await audit.WriteAsync(actor, "exposure.import", "exposure", null, new { stored = summary.StoredBefore },
            new { file = fileName, rowsRead, summary.Added, summary.Updated, summary.Unchanged, summary.Reopened, stored = summary.StoredAfter }, ct);
        foreach (var reopening in summary.ReopenedExposures)
        {
            await audit.WriteAsync(actor, "exposure.status", "exposure", reopening.After.Id.ToString(), Snapshot(reopening.Before), Snapshot(reopening.After), ct);
        }
    }

    /// <summary>Maps a technique to one exposure by hand (audited); Invalid for a malformed ID.</summary>
    public async Task<SaveResult<StoredExposure>> AddTechniqueAsync(ClaimsPrincipal who, Guid id, string? technique, CancellationToken ct)
    {
        if (!TryTechnique(technique, out var parsed))
        {
            return SaveResult<StoredExposure>.Invalid($"'{technique}' is not a technique ID (expected T1234 or T1234.567).");
        }

        var before = await store.FindAsync(id, ct);
        var result = await store.AddTechniqueAsync(id, parsed, Actor(who), ct);
        return await AuditedAsync(who, "exposure.technique.add", before, result, ct);
    }

    /// <summary>Removes a manual mapping (audited). CTID and file mappings cannot be removed here: they come back with the data.</summary>
    public async Task<SaveResult<StoredExposure>> RemoveTechniqueAsync(ClaimsPrincipal who, Guid id, string? technique, CancellationToken ct)
    {
        if (!TryTechnique(technique, out var parsed))
        {
            return SaveResult<StoredExposure>.Invalid($"'{technique}' is not a technique ID (expected T1234 or T1234.567).");
        }

        var before = await store.FindAsync(id, ct);
        var result = await store.RemoveTechniqueAsync(id, parsed, ct);
        return await AuditedAsync(who, "exposure.technique.remove", before, result, ct);
    }

    /// <summary>Deletes an exposure (audited with what was deleted).</summary>
    public async Task<SaveResult<StoredExposure>> DeleteAsync(ClaimsPrincipal who, Guid id, CancellationToken ct)
    {
        var result = await store.DeleteAsync(id, ct);
        if (result.IsSaved)
        {
            await audit.WriteAsync(who, "exposure.delete", "exposure", id.ToString(), Snapshot(result.Value!), null, ct);
        }

        return result;
    }

    private async Task<SaveResult<StoredExposure>> AuditedAsync(
        ClaimsPrincipal who, string action, StoredExposure? before, SaveResult<StoredExposure> result, CancellationToken ct)
    {
        if (result.IsSaved)
        {
            await audit.WriteAsync(who, action, "exposure", result.Value!.Id.ToString(), before is null ? null : Snapshot(before), Snapshot(result.Value), ct);
        }

        return result;
    }

    private static bool TryTechnique(string? text, out TechniqueId id) => TechniqueId.TryParse(text?.Trim().ToUpperInvariant(), out id);

    private static string Actor(ClaimsPrincipal who) => who.Identity?.Name ?? "unknown";

    /// <summary>An exposure as <c>exposure.*</c> audit entries record it (before/after); the CLI's status command records the same.</summary>
    public static object Snapshot(StoredExposure s) => new
    {
        s.Id, s.Key, s.Exposure.Cve, s.Exposure.Asset, s.Exposure.Severity, s.Exposure.Title,
        imported = s.Exposure.Techniques.Select(t => t.Value), manual = s.ManualTechniques.Select(t => t.Technique.Value),
        status = s.Status.Slug(), s.StatusReason, s.StatusChangedBy, s.StatusChangedAt, s.AcceptedUntil,
    };

    private static readonly string OpenSlug = ExposureStatus.Open.Slug();

    private static List<Exposure> OpenRanking(IEnumerable<StoredExposure> stored, DateTimeOffset now) =>
        stored.Where(s => s.EffectiveStatus(now) == ExposureStatus.Open).Select(Ranking).ToList();

    // The ranking works on plain exposures: give each its stored ID (unique, unlike scanner IDs) and its manual links.
    private static string RankingId(StoredExposure s) => s.Id.ToString("N");

    private static Exposure Ranking(StoredExposure s) => s.Exposure with
    {
        Id = RankingId(s),
        Techniques = s.Exposure.Techniques.Concat(s.ManualTechniques.Select(m => m.Technique)).Distinct().ToList(),
    };
}
