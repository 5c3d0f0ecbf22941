using System.Text.Json;
using Tessera.Core.Attack;

namespace Tessera.Core.Alerts.Decomposition;

/// <summary>One CVE → technique row from the CTID KEV mappings or the attack_to_cve CSV.</summary>
/// <param name="MappingType">exploitation_technique, primary_impact, secondary_impact or uncategorized.</param>
/// <param name="Origin">"ctid-kev" (Mappings Explorer KEV file) or "ctid-cve-csv" (attack-to-cve-mappings.csv).</param>
public sealed record KevMapping(string CveId, string TechniqueId, string MappingType, string Description, string CapabilityGroup, string Origin);

/// <summary>Share of mapped CVEs whose exploitation technique is <paramref name="TechniqueId"/>.</summary>
public sealed record ExploitationShare(string TechniqueId, double Share);

/// <summary>
/// CVE → ATT&amp;CK evidence from the Center for Threat-Informed Defense (ATT&amp;CK 16.1 based): the KEV
/// Mappings Explorer file and attack-to-cve-mappings.csv. Rows whose technique ID is malformed are skipped
/// and counted in <see cref="Skipped"/>.
/// </summary>
public sealed class KevMappings
{
    private readonly Dictionary<string, List<KevMapping>> _byCve;

    private KevMappings(List<KevMapping> entries, int skipped)
    {
        Entries = entries;
        Skipped = skipped;
        _byCve = entries.GroupBy(e => e.CveId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        var exploited = entries.Where(e => e.MappingType == "exploitation_technique").ToList();
        var cves = exploited.Select(e => e.CveId).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        ExploitationShares = exploited.GroupBy(e => e.TechniqueId, StringComparer.Ordinal)
            .Select(g => new ExploitationShare(g.Key, g.Select(e => e.CveId).Distinct(StringComparer.OrdinalIgnoreCase).Count() / (double)cves))
            .Where(x => x.Share >= MinExploitationShare).OrderByDescending(x => x.Share).ThenBy(x => x.TechniqueId, StringComparer.Ordinal).ToList();
        ExploitedCves = cves;
    }

    // Techniques exploiting fewer than 5 % of mapped CVEs say little about an unmapped one.
    private const double MinExploitationShare = 0.05;

    /// <summary>Distinct CVEs with an exploitation-technique mapping (the base of <see cref="ExploitationShares"/>).</summary>
    public int ExploitedCves { get; }

    /// <summary>
    /// How often each technique is a mapped CVE's exploitation technique (share of CVEs that have one, ≥ 5 %, largest
    /// first; T1190 ≈ 0.4): what an exploited CVE the files do not map most likely involved.
    /// </summary>
    public IReadOnlyList<ExploitationShare> ExploitationShares { get; }

    public IReadOnlyList<KevMapping> Entries { get; }
    public int Skipped { get; }

    /// <summary>An empty set (no CVE evidence), for callers without the CTID files.</summary>
    public static KevMappings Empty { get; } = new([], 0);

    /// <summary>All mappings of a CVE (upper- or lower-case ID), or an empty list.</summary>
    public IReadOnlyList<KevMapping> For(string cveId) => _byCve.GetValueOrDefault(cveId) ?? (IReadOnlyList<KevMapping>)[];

    /// <summary>Loads the KEV JSON and, when <paramref name="cveCsv"/> is given and exists, the CVE CSV. Throws <see cref="IOException"/>/<see cref="JsonException"/> on unreadable files.</summary>
    public static KevMappings Load(string kevJson, string? cveCsv = null)
    {
        var entries = new List<KevMapping>();
        var skipped = 0;
        using (var doc = JsonDocument.Parse(File.ReadAllBytes(kevJson)))
        {
            foreach (var m in doc.RootElement.GetProperty("mapping_objects").EnumerateArray())
            {
                var id = Str(m, "attack_object_id");
                if (!TechniqueId.TryParse(id, out var tid))
                {
                    skipped++;
                    continue;
                }

                entries.Add(new KevMapping(Str(m, "capability_id").ToUpperInvariant(), tid.Value, Str(m, "mapping_type"),
                    Str(m, "capability_description").Trim(), Str(m, "capability_group"), "ctid-kev"));
            }
        }

        if (cveCsv is not null && File.Exists(cveCsv))
        {
            skipped += LoadCsv(cveCsv, entries);
        }

        return new KevMappings(entries, skipped);
    }

    // Columns: CVE ID, Primary Impact, Secondary Impact, Exploitation Technique, Uncategorized, Phase; cells hold "T1190; T1078".
    private static int LoadCsv(string file, List<KevMapping> entries)
    {
        var known = entries.Select(e => (e.CveId, e.TechniqueId, e.MappingType)).ToHashSet();
        string[] types = ["primary_impact", "secondary_impact", "exploitation_technique", "uncategorized"];
        var skipped = 0;
        foreach (var line in File.ReadLines(file).Skip(1))
        {
            var cells = line.Split(',');
            if (cells.Length < 5 || !cells[0].StartsWith("CVE-", StringComparison.OrdinalIgnoreCase))
            {
                skipped++;
                continue;
            }

            for (var i = 0; i < types.Length; i++)
            {
                foreach (var raw in cells[i + 1].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!TechniqueId.TryParse(raw, out var tid))
                    {
                        skipped++;
                    }
                    else if (known.Add((cells[0].Trim().ToUpperInvariant(), tid.Value, types[i])))
                    {
                        entries.Add(new KevMapping(cells[0].Trim().ToUpperInvariant(), tid.Value, types[i], "", "", "ctid-cve-csv"));
                    }
                }
            }
        }

        return skipped;
    }

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
}
