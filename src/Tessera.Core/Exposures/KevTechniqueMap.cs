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
    private const string ManualOrigin = "manual";
    private const string ImportOrigin = "import";

    private readonly FrozenDictionary<string, IReadOnlyList<ExposureTechniqueLink>> _bySubject;

    private KevTechniqueMap(KevMappings source, IReadOnlyList<ManualTechniqueMapping> manual)
    {
        Source = source;
        Manual = manual;
        var links = source.Entries
            .Select(e => (Subject: e.CveId, Link: new ExposureTechniqueLink(TechniqueId.Parse(e.TechniqueId), TypeOf(e.MappingType), e.Origin)))
            .Concat(manual.Select(m => (Subject: m.Subject.Trim().ToUpperInvariant(), Link: new ExposureTechniqueLink(m.Technique, m.Type, ManualOrigin))));
        _bySubject = links
            .GroupBy(l => l.Subject, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<ExposureTechniqueLink>)Distinct(g.Select(l => l.Link)), StringComparer.OrdinalIgnoreCase);
    }

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
    public KevTechniqueMap WithManual(IEnumerable<ManualTechniqueMapping> mappings) => new(Source, [.. Manual, .. mappings]);

    /// <summary>Links of a CVE or exposure ID (case-insensitive), each (technique, type) once; empty when unmapped.</summary>
    public IReadOnlyList<ExposureTechniqueLink> ForSubject(string subject) => _bySubject.GetValueOrDefault(subject.Trim()) ?? [];

    /// <summary>
    /// Every technique an exposure is linked to: its CVE's CTID and manual mappings, manual mappings of its ID, and
    /// techniques its import row named (origin <c>import</c>, type Manual). Each (technique, type) once.
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
