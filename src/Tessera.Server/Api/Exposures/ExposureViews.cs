using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Exposures;
using Tessera.Core.Threats;

namespace Tessera.Server.Api.Exposures;

/// <summary>
/// A technique linked to an exposure. <paramref name="Origin"/>: <c>ctid-kev</c> or <c>ctid-cve-csv</c> (CTID mappings),
/// <c>import</c> (the file's techniques column), <c>manual</c> (mapped by hand to this exposure) or <c>manual-cve</c> (mapped by
/// hand to its CVE, for every exposure with it; see <see cref="CveMappingView"/>). <paramref name="Name"/> is
/// null for IDs the loaded Enterprise release does not know (kept and flagged, never dropped).
/// </summary>
public sealed record ExposureTechniqueView(string Id, string? Name, ExposureMappingType Type, string Origin, string Coverage, double Weight);

/// <summary>
/// An exposure with its queue score, the terms behind it and the reason in words. <paramref name="Status"/> is <c>open</c>,
/// <c>resolved</c> or <c>accepted</c> (the words the API takes) as it counts now: an acceptance whose end day
/// (<paramref name="AcceptedUntil"/>) has begun is <c>open</c> with <paramref name="AcceptanceExpired"/> set, keeping the
/// acceptance's reason, author and end day. A running acceptance with an end day has <paramref name="AcceptanceEndsInDays"/>
/// (1: it ends tomorrow) and <paramref name="AcceptanceEndingSoon"/> when that is within the team's window
/// (<see cref="ExposureSettings.AcceptanceWindowDays"/>, two weeks unless changed). Closed exposures keep a score but sit in no queue.
/// </summary>
public sealed record ExposureView(
    Guid Id, string Key, string ExternalId, ExposureKind Kind, string? Cve, string Asset, ExposureSeverity Severity, double? Cvss,
    string Title, DateTimeOffset? DetectedAt, double Score, double SeverityTerm, double CoverageBoost, string Reason,
    IReadOnlyList<ExposureTechniqueView> Techniques, DateTimeOffset FirstImported, DateTimeOffset LastImported,
    string Status, string? StatusReason, string? StatusChangedBy, DateTimeOffset? StatusChangedAt,
    DateOnly? AcceptedUntil, bool AcceptanceExpired, int? AcceptanceEndsInDays, bool AcceptanceEndingSoon, long StatusVersion);

/// <summary>An exposure named in a gap's reason.</summary>
public sealed record GapExposureView(Guid Id, string? Cve, string Asset, ExposureSeverity Severity, string Title);

/// <summary>A technique without validated coverage, raised by the exposures that map to it.</summary>
public sealed record GapView(
    string Id, string? Name, string Coverage, double Score, double Uncovered, double ExposureBoost, int ExposureCount, string Reason,
    IReadOnlyList<GapExposureView> Exposures);

/// <summary>One page of the exposure list (ordered like the exposure queue).</summary>
public sealed record ExposurePage(int Total, int Page, int PageSize, IReadOnlyList<ExposureView> Items);

/// <summary>A queue with the formula that orders it.</summary>
public sealed record QueueView<T>(string Formula, string? Collection, int Total, IReadOnlyList<T> Items);

/// <summary>An import that was stored; <paramref name="Reopened"/> counts resolved exposures the file still reports (not in the other counts).</summary>
public sealed record ExposureImportView(int RowsRead, int Added, int Updated, int Unchanged, int Reopened, int Stored, IReadOnlyList<string> IgnoredFields);

/// <summary>
/// One rejected line or field of an import, as listed in the problem's <c>errors</c>; <paramref name="Index"/> is the
/// 0-based position of the JSON exposure object (null for CSV rows and file-level errors).
/// </summary>
public sealed record ExposureImportErrorView(string File, int? Line, string? Field, string Message, int? Index)
{
    public static ExposureImportErrorView Of(ExposureImportError e) => new(e.At.File, e.At.Line, e.Field, e.Message, e.Index);
}

public sealed record ExposureTechniqueRequest(string? Technique);

/// <summary>Body of <c>POST /api/v1/exposures/cve-mappings</c>: a CVE ID and a technique ID (either case).</summary>
public sealed record CveMappingRequest(string? Cve, string? Technique);

/// <summary>
/// A technique mapped by hand to every exposure with <paramref name="Cve"/>. <paramref name="Exposures"/> counts the stored
/// exposures it applies to (any status), <paramref name="OpenExposures"/> those that are open now; <paramref name="Name"/> is null
/// for an ID the loaded Enterprise release does not know.
/// </summary>
public sealed record CveMappingView(
    string Cve, string Technique, string? Name, string AddedBy, DateTimeOffset AddedAt, int Exposures, int OpenExposures);

/// <summary>Answer of <c>POST …/cve-mappings</c>: <paramref name="Added"/> is false when the mapping existed already (nothing changed).</summary>
public sealed record CveMappingAddedView(bool Added, CveMappingView Mapping);

/// <summary>What a CVE-wide mapping write did: field errors, a not-found message, or the mapping and whether it changed.</summary>
public sealed record CveMappingOutcome
{
    public IReadOnlyList<CveMappingError> Errors { get; init; } = [];

    public string? NotFound { get; init; }

    public CveMappingView? Mapping { get; init; }

    public bool Changed { get; init; }
}

/// <summary>
/// Body of <c>POST …/{id}/status</c>: <c>open</c>, <c>resolved</c> or <c>accepted</c>; accepted needs a reason and
/// <paramref name="AcceptedUntil"/>, the UTC day the acceptance ends (<c>YYYY-MM-DD</c>, after today, at most a year ahead).
/// </summary>
public sealed record ExposureStatusRequest(string? Status, string? Reason, string? AcceptedUntil = null, long? ExpectedStatusVersion = null);

/// <summary>Builds views from the ranking; one instance per computed board.</summary>
internal sealed class ExposureViewBuilder(
    AttackCollection? attack, KevTechniqueMap map, Func<TechniqueId, CoverageState> stateOf, DateTimeOffset now, int acceptanceWindowDays)
{
    public const int ExposuresPerGap = 5;

    public string? Name(TechniqueId id) => attack?.FindTechnique(id)?.Name;

    public ExposureView Exposure(StoredExposure stored, RankedExposure ranked)
    {
        var manual = stored.ManualTechniques.Select(m => m.Technique).ToHashSet();
        var techniques = map.For(ranked.Exposure)
            .Select(l => new ExposureTechniqueView(l.Technique.Value, Name(l.Technique), l.Type,
                l.Origin == KevTechniqueMap.ImportOrigin && manual.Contains(l.Technique) ? KevTechniqueMap.ManualOrigin : l.Origin,
                stateOf(l.Technique).Slug(), ExposurePriority.MappingWeight(l.Type)))
            .ToList();
        var e = stored.Exposure;
        return new ExposureView(stored.Id, stored.Key, e.Id, e.Kind, e.Cve, e.Asset, e.Severity, e.Cvss, e.Title, e.DetectedAt,
            Math.Round(ranked.Score, 4), Math.Round(ranked.Severity, 4), Math.Round(ranked.CoverageBoost, 4), Reason(ranked), techniques,
            stored.FirstImported, stored.LastImported, stored.EffectiveStatus(now).Slug(), stored.StatusReason, stored.StatusChangedBy, stored.StatusChangedAt,
            stored.AcceptedUntil, stored.IsAcceptanceExpired(now), stored.AcceptanceDaysLeft(now),
            stored.IsAcceptanceEndingWithin(now, acceptanceWindowDays), stored.StatusVersion);
    }

    public GapView Gap(RankedGap gap, IReadOnlyDictionary<string, StoredExposure> byRankingId)
    {
        var exposures = gap.Exposures.Select(e => byRankingId[e.Id])
            .OrderByDescending(s => s.Exposure.Severity).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        var critical = exposures.Count(s => s.Exposure.Severity == ExposureSeverity.Critical);
        var reason = exposures.Count == 0
            ? $"{Words(gap.Coverage)}; no exposure maps here"
            : $"{Words(gap.Coverage)}; {exposures.Count} exposure{(exposures.Count == 1 ? " maps" : "s map")} here" + (critical > 0 ? $" ({critical} critical)" : "");
        return new GapView(gap.Id.Value, Name(gap.Id), stateOf(gap.Id).Slug(), Math.Round(gap.Score, 4), gap.Uncovered,
            Math.Round(gap.ExposureBoost, 4), exposures.Count, reason,
            exposures.Take(ExposuresPerGap).Select(s => new GapExposureView(s.Id, s.Exposure.Cve, s.Exposure.Asset, s.Exposure.Severity, s.Exposure.Title)).ToList());
    }

    private static string Reason(RankedExposure ranked)
    {
        if (ranked.Techniques.Count == 0)
        {
            return "no technique mapped: severity alone (map one by hand)";
        }

        if (ranked.CoverageBoost <= 0)
        {
            return "not raised: every linked technique has validated coverage";
        }

        var top = ranked.Techniques.MaxBy(l => ExposurePriority.MappingWeight(l.Type) * ExposurePriority.Uncovered(l.Coverage))!;
        return FormattableString.Invariant(
            $"raised ×{1 + ranked.CoverageBoost:0.##}: {top.Id} ({Describe(top.Type, top.Origin)}) has {Words(top.Coverage)}");
    }

    public static string Words(TechniqueCoverageLevel level) => level switch
    {
        TechniqueCoverageLevel.None => "no detection",
        TechniqueCoverageLevel.Partial => "a failing or data-less detection",
        TechniqueCoverageLevel.Covered => "a detection never validated",
        _ => "validated coverage",
    };

    // The import file's techniques column counts as a manual mapping but was not made in Tessera (and cannot be removed
    // there): it was described as "mapped by hand".
    private static string Describe(ExposureMappingType type, string origin) => type switch
    {
        ExposureMappingType.ExploitationTechnique => "exploitation technique",
        ExposureMappingType.PrimaryImpact => "primary impact",
        ExposureMappingType.SecondaryImpact => "secondary impact",
        ExposureMappingType.Manual when origin == KevTechniqueMap.ImportOrigin => "named by the import file",
        ExposureMappingType.Manual => "mapped by hand",
        _ => "uncategorised",
    };
}
