using System.Collections.Frozen;
using Tessera.Core.Alerts.Decomposition;
using Tessera.Core.Attack;

namespace Tessera.Core.Exposures;

/// <summary>
/// CVE → technique mappings for exposures: the CTID KEV mappings and attack-to-cve CSV (read by
/// <see cref="KevMappings"/>, ATT&amp;CK 16.1 based) plus manual mappings. Immutable; <see cref="WithManual"/>
/// returns a new map. Safe to share between threads.
/// </summary>
public sealed class KevTechniqueMap
{
    /// <summary>Origin of a manual mapping whose subject is an exposure ID: it applies to that exposure only.</summary>
    public const string ManualOrigin = "manual";

    /// <summary>Origin of a manual mapping whose subject is a CVE ID: it applies to every exposure with that CVE.</summary>
    public const string ManualCveOrigin = "manual-cve";

    /// <summary>Origin of a technique an exposure's import row named.</summary>
    public const string ImportOrigin = "import";

    // The CTID links are grouped once per loaded file; WithManual keeps them and groups only its (few) manual mappings, so a
    // map with the stored CVE mappings can be built per request without regrouping thousands of CTID rows.
    private readonly FrozenDictionary<string, IReadOnlyList<ExposureTechniqueLink>> _ctid;
    private readonly FrozenDictionary<string, IReadOnlyList<ExposureTechniqueLink>> _manual;

    private KevTechniqueMap(KevMappings source, FrozenDictionary<string, IReadOnlyList<ExposureTechniqueLink>>? ctid, IReadOnlyList<ManualTechniqueMapping> manual)
    {
        Source = source;
        Manual = manual;
        _ctid = ctid ?? Group(source.Entries.Select(e =>
            (e.CveId, new ExposureTechniqueLink(TechniqueId.Parse(e.TechniqueId), TypeOf(e.MappingType), e.Origin))));
        _manual = Group(manual.Select(m =>
        {
            var subject = m.Subject.Trim().ToUpperInvariant();
            return (subject, new ExposureTechniqueLink(m.Technique, m.Type, CveId.TryParse(subject, out _) ? ManualCveOrigin : ManualOrigin));
        }));
    }

    private KevTechniqueMap(KevMappings source, IReadOnlyList<ManualTechniqueMapping> manual) : this(source, null, manual)
    {
    }

    private static FrozenDictionary<string, IReadOnlyList<ExposureTechniqueLink>> Group(IEnumerable<(string Subject, ExposureTechniqueLink Link)> links) =>
        links.GroupBy(l => l.Subject, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<ExposureTechniqueLink>)Distinct(g.Select(l => l.Link)), StringComparer.OrdinalIgnoreCase);

    /// <summary>No CTID data and no manual mappings: only techniques given in the import itself link exposures.</summary>
    public static KevTechniqueMap Empty { get; } = new(KevMappings.Empty, []);

    /// <summary>The CTID rows this map was built from (with their skipped-row count).</summary>
    public KevMappings Source { get; }

    public IReadOnlyList<ManualTechniqueMapping> Manual { get; }

    /// <summary>
    /// Loads the KEV mappings JSON (<c>kev-*_attack-16.1-enterprise.json</c>) and, when given, attack-to-cve-mappings.csv.
    /// Throws <see cref="IOException"/> or <see cref="System.Text.Json.JsonException"/> for unreadable files: the paths come from configuration, not users.
    /// </summary>
    public static KevTechniqueMap Load(string kevJson, string? cveCsv = null) => new(KevMappings.Load(kevJson, cveCsv), []);

    /// <summary>Wraps already loaded CTID mappings (e.g. the ones alert decomposition loaded).</summary>
    public static KevTechniqueMap From(KevMappings mappings) => new(mappings, []);

    /// <summary>A new map with these manual mappings added to the existing ones.</summary>
    /// <remarks>
    /// A mapping whose subject is a CVE ID gets origin <see cref="ManualCveOrigin"/> (it applies to every exposure with that
    /// CVE), any other <see cref="ManualOrigin"/>. Where a CTID link has the same technique and type, the CTID link is kept.
    /// </remarks>
    public KevTechniqueMap WithManual(IEnumerable<ManualTechniqueMapping> mappings) => new(Source, _ctid, [.. Manual, .. mappings]);

    /// <summary>Links of a CVE or exposure ID (case-insensitive), each (technique, type) once; empty when unmapped.</summary>
    public IReadOnlyList<ExposureTechniqueLink> ForSubject(string subject)
    {
        var key = subject.Trim();
        var ctid = _ctid.GetValueOrDefault(key);
        var manual = _manual.GetValueOrDefault(key);
        return manual is null ? ctid ?? [] : ctid is null ? manual : Distinct(ctid.Concat(manual));
    }

    /// <summary>
    /// Every technique an exposure is linked to: its CVE's CTID and manual mappings, manual mappings of its ID, and
    /// techniques its import row named (origin <c>import</c>, type Manual). Each (technique, type) once, the first of these
    /// sources winning: a technique mapped to the CVE by hand and also named by the row shows as <see cref="ManualCveOrigin"/>.
    /// </summary>
    public IReadOnlyList<ExposureTechniqueLink> For(Exposure exposure)
    {
        var links = exposure.Cve is null ? [] : ForSubject(exposure.Cve);
        return Distinct(links
            .Concat(ForSubject(exposure.Id))
            .Concat(exposure.Techniques.Select(t => new ExposureTechniqueLink(t, ExposureMappingType.Manual, ImportOrigin))));
    }

    private static List<ExposureTechniqueLink> Distinct(IEnumerable<ExposureTechniqueLink> links) =>
        links.DistinctBy(l => (l.Technique, l.Type)).OrderBy(l => l.Type).ThenBy(l => l.Technique).ToList();

    private static ExposureMappingType TypeOf(string mappingType) => mappingType switch
    {
        "exploitation_technique" => ExposureMappingType.ExploitationTechnique,
        "primary_impact" => ExposureMappingType.PrimaryImpact,
        "secondary_impact" => ExposureMappingType.SecondaryImpact,
        _ => ExposureMappingType.Uncategorized,
    };
}
