using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tessera.Core.Alerts.Model;

/// <summary>
/// Reads CTID's security-stack mappings (AWS, Azure, GCP, Microsoft 365: which native control detects or protects
/// against which technique, and why) as training text. Each distinct comment becomes one document labelled with every
/// technique it was written for; the alert and analytic names those comments quote ("Anomalous RDP Login
/// Detections", GuardDuty's <c>Trojan:EC2/DNSDataExfiltration</c>) become short alert-like texts, the closest the
/// shared data has to cloud alert titles. Boilerplate comments ("…resulting in an overall score of Minimal") are skipped.
/// </summary>
internal static partial class CloudMappingLoader
{
    /// <summary>The stack files read from the CTID folder, when present.</summary>
    public static readonly string[] Files =
    [
        "aws-12.12.2024_attack-16.1-enterprise.json", "azure-04.26.2025_attack-16.1-enterprise.json",
        "gcp-03.06.2025_attack-16.1-enterprise.json", "m365-07.18.2025_attack-16.1-enterprise.json",
    ];

    [GeneratedRegex(@"[""“]([^""“”\n]{8,100})[""”]")]
    private static partial Regex Quoted();

    // GuardDuty-style finding types: ThreatPurpose:ResourceType/ThreatFamilyName[.Variant][!Artifact].
    [GeneratedRegex(@"\b[A-Z][A-Za-z]+:[A-Za-z0-9]+/[A-Za-z0-9.!\-]+")]
    private static partial Regex FindingType();

    [GeneratedRegex(@"overall score of|resulting in an? (?:overall )?score|score of (?:minimal|partial|significant)", RegexOptions.IgnoreCase)]
    private static partial Regex Boilerplate();

    public static IEnumerable<TrainingDocument> Load(string folder, List<string> notes)
    {
        var comments = new Dictionary<string, (string Capability, HashSet<string> Labels)>(StringComparer.Ordinal);
        var names = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        var found = 0;
        foreach (var file in Files.Select(f => Path.Combine(folder, f)))
        {
            if (!File.Exists(file))
            {
                continue;
            }

            found++;
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var m in doc.RootElement.GetProperty("mapping_objects").EnumerateArray())
            {
                var technique = m.TryGetProperty("attack_object_id", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                var comment = m.TryGetProperty("comments", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()!.Trim() : "";
                if (technique is null || !Attack.TechniqueId.TryParse(technique, out _) || comment.Length < 40 || Boilerplate().IsMatch(comment))
                {
                    continue;
                }

                var capability = m.TryGetProperty("capability_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
                if (!comments.TryGetValue(comment, out var entry))
                {
                    comments[comment] = entry = (capability, new HashSet<string>(StringComparer.Ordinal));
                }

                entry.Labels.Add(technique.ToUpperInvariant());
                foreach (var name in Quoted().Matches(comment).Select(q => q.Groups[1].Value.Trim())
                             .Concat(FindingType().Matches(comment).Select(f => f.Value)))
                {
                    if (!names.TryGetValue(name, out var labels))
                    {
                        names[name] = labels = new HashSet<string>(StringComparer.Ordinal);
                    }

                    labels.Add(technique.ToUpperInvariant());
                }
            }
        }

        if (found == 0)
        {
            notes.Add($"CTID security-stack mappings not found under {folder}; skipped");
            return [];
        }

        return comments.Select(kv => new TrainingDocument
            {
                Text = kv.Value.Capability + ". " + kv.Key,
                Labels = kv.Value.Labels.Order(StringComparer.Ordinal).ToList(),
                Source = TrainingSource.CloudMapping,
                Group = "ctid-cloud",
            })
            .Concat(names.Select(kv => new TrainingDocument
            {
                Text = kv.Key,
                Labels = kv.Value.Order(StringComparer.Ordinal).ToList(),
                Source = TrainingSource.CloudMapping,
                Group = "ctid-cloud",
                Display = kv.Key,
                AlertLike = true,
            }))
            .ToList();
    }
}
