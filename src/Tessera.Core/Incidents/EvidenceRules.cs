using System.Net;
using System.Text.RegularExpressions;
using Tessera.Core.Attack;

namespace Tessera.Core.Incidents;

/// <summary>Input checks shared by incident fields and evidence; each returns every problem found.</summary>
internal static partial class EvidenceRules
{
    [GeneratedRegex(@"^CVE-\d{4}-\d{4,}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Cve();

    public static void Text(List<IncidentError> errors, string field, string? value, int max, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(IncidentError.Required(field));
            }
        }
        else if (value.Length > max)
        {
            errors.Add(IncidentError.TooLong(field, max));
        }
    }

    public static void Techniques(List<IncidentError> errors, IReadOnlyList<string> techniques)
    {
        if (techniques.Count > IncidentLimits.MaxTechniquesPerEvidence)
        {
            errors.Add(new IncidentError("too-many", $"At most {IncidentLimits.MaxTechniquesPerEvidence} techniques per lookup or alert.", "techniques"));
            return;
        }

        for (var i = 0; i < techniques.Count; i++)
        {
            // Unknown but well-formed IDs (newer releases) are kept; only text that is no ID is refused.
            if (!TechniqueId.TryParse(techniques[i], out _))
            {
                errors.Add(new IncidentError("malformed-technique", $"'{techniques[i]}' is not a technique ID.", $"techniques[{i}]"));
            }
        }
    }

    public static void Observable(List<IncidentError> errors, ObservableKind kind, string? value)
    {
        Text(errors, "value", value, IncidentLimits.MaxObservableValue);
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        var ok = kind switch
        {
            ObservableKind.Ip => IPAddress.TryParse(value.Trim(), out _),
            ObservableKind.Cve => Cve().IsMatch(value.Trim()),
            ObservableKind.Url => Uri.TryCreate(value.Trim(), UriKind.Absolute, out _),
            _ => true,
        };
        if (!ok)
        {
            errors.Add(new IncidentError("bad-observable", $"'{value}' is not a valid {kind} observable.", "value"));
        }
    }

    /// <summary>
    /// The stored form of a valid observable value: trimmed; CVE IDs upper-case; hashes, domains and e-mail addresses
    /// lower-case (they compare case-insensitively); IP addresses in their standard text form. Other kinds keep their case
    /// (file names, processes and users may be case-sensitive).
    /// </summary>
    public static string Canonical(ObservableKind kind, string value)
    {
        var trimmed = value.Trim();
        return kind switch
        {
            ObservableKind.Cve => trimmed.ToUpperInvariant(),
            ObservableKind.FileHash or ObservableKind.Domain or ObservableKind.Email => trimmed.ToLowerInvariant(),
            ObservableKind.Ip when IPAddress.TryParse(trimmed, out var ip) => ip.ToString(),
            _ => trimmed,
        };
    }

    public static IReadOnlyList<string> Normalize(IReadOnlyList<string> techniques) =>
        techniques.Select(t => TechniqueId.Parse(t).Value).Distinct(StringComparer.Ordinal).ToList();
}
