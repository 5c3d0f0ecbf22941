namespace Tessera.Core.Alerts.Decomposition;

/// <summary>
/// Product names an alert may mention, with what they imply. Built from the hand-written list in
/// <see cref="ConnotationDictionary.Products"/> plus the product part of every CISA KEV description in the CTID
/// mappings ("Apache Struts" from "Apache Struts Deserialization of Untrusted Data Vulnerability"), whose
/// connotation follows the technique CTID maps its exploitation to (T1190 → public-facing application).
/// </summary>
internal sealed class ProductIndex
{
    // Words that start the vulnerability part of a KEV description; the product is everything before.
    private static readonly string[] VulnerabilityWords =
    [
        "Improper", "Remote", "Arbitrary", "Use-After-Free", "Use After Free", "Stack-Based", "Stack-based", "Heap-Based", "Heap-based",
        "Buffer", "Deserialization", "Privilege", "Information", "Unrestricted", "Out-of-Bounds", "Security Feature", "Missing",
        "Path Traversal", "Directory Traversal", "Code Injection", "Command Injection", "OS Command", "SQL Injection", "Use of",
        "Sandbox", "Authentication", "Multiple", "File Upload", "Cross-Site", "Server-Side", "Memory", "Type Confusion", "Integer",
        "XML", "Hard-coded", "Hard-Coded", "Denial", "Insecure", "Incorrect", "Unspecified", "Elevation", "Spoofing", "Exposed",
        "Server-Side", "Double Free", "Race", "Injection", "Untrusted", "Insufficient", "NULL", "Null", "Access Control", "Unauthenticated",
    ];

    private readonly Dictionary<string, AlertPart> _byPhrase = new(StringComparer.OrdinalIgnoreCase);

    private readonly HashSet<string> _firstWords = new(StringComparer.OrdinalIgnoreCase);

    public int MaxWords { get; private set; } = 1;

    /// <summary>True when some product name starts with <paramref name="word"/>; lets the caller skip phrase joins.</summary>
    public bool StartsAny(string word) => _firstWords.Contains(word);

    public ProductIndex(KevMappings kev)
    {
        foreach (var group in kev.Entries.Where(e => e.Description.Length > 0).GroupBy(e => ProductOf(e.Description)))
        {
            if (group.Key.Length < 3)
            {
                continue;
            }

            var exploitation = group.Where(e => e.MappingType == "exploitation_technique")
                .GroupBy(e => e.TechniqueId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
            var part = new AlertPart(group.Key, ConnotationOf(exploitation));
            Add(group.Key, part);
            var words = group.Key.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 3)
            {
                // "Microsoft Exchange Server" is usually written "Exchange Server" in alerts: drop the vendor.
                Add(string.Join(' ', words[1..]), part with { Name = string.Join(' ', words[1..]) });
            }
        }

        // Hand-written entries win over KEV-derived ones for the same words.
        foreach (var (name, connotation) in ConnotationDictionary.Products)
        {
            _byPhrase[name] = new AlertPart(name, connotation);
            _firstWords.Add(name.Split(' ')[0]);
            MaxWords = Math.Max(MaxWords, name.Split(' ').Length);
        }
    }

    private void Add(string phrase, AlertPart part)
    {
        if (_byPhrase.TryAdd(phrase, part))
        {
            _firstWords.Add(phrase.Split(' ')[0]);
            MaxWords = Math.Max(MaxWords, Math.Min(5, phrase.Split(' ').Length));
        }
    }

    public AlertPart? Find(string phrase) => _byPhrase.GetValueOrDefault(phrase);

    internal static string ProductOf(string description)
    {
        var cut = description.Length;
        foreach (var w in VulnerabilityWords)
        {
            var i = description.IndexOf(" " + w, StringComparison.Ordinal);
            if (i > 0 && i < cut)
            {
                cut = i;
            }
        }

        return description[..cut].Trim().TrimEnd(',');
    }

    private static string ConnotationOf(string? exploitationTechnique) => exploitationTechnique switch
    {
        "T1190" => "public-facing application (CTID KEV: exploited as T1190)",
        "T1133" => "external remote service (CTID KEV: exploited as T1133)",
        "T1189" => "browser (CTID KEV: exploited as T1189)",
        "T1203" or "T1204" or "T1204.001" or "T1204.002" => "client application (CTID KEV: exploited as " + exploitationTechnique + ")",
        "T1068" => "local component (CTID KEV: exploited as T1068)",
        "T1210" => "internal network service (CTID KEV: exploited as T1210)",
        _ => "product with known exploited vulnerabilities (CISA KEV)",
    };
}
