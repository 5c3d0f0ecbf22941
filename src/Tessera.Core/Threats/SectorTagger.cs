using System.Text.RegularExpressions;

namespace Tessera.Core.Threats;

/// <summary>
/// Derives candidate sector and region tags from free text such as ATT&amp;CK group descriptions. ATT&amp;CK has no
/// structured victimology field, so this is a documented keyword heuristic, not ground truth: users confirm or
/// add tags by hand (<see cref="ThreatProfile.WithTags"/>).
/// <para>
/// Only sentences that talk about victims are read — those containing "target", "against", "victim",
/// "compromise", "focus" or "attack" — so that "a North Korean state-sponsored group" tags the group's
/// targets rather than its origin. Markdown links are reduced to their text first.
/// </para>
/// </summary>
public static partial class SectorTagger
{
    /// <summary>Sector tag → case-insensitive keyword patterns (regular expressions matched on word boundaries).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> SectorKeywords { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["financial"] = ["financial", "finance", "banks?", "banking", "cryptocurrenc(y|ies)", "insurance", "payment", "casinos?"],
        ["healthcare"] = ["health ?care", "hospitals?", "medical", "pharmaceuticals?", "health"],
        ["energy"] = ["energy", "oil", "gas", "electric(al|ity)?", "utilit(y|ies)", "nuclear", "power grid"],
        // "non-governmental" is an NGO, not a government victim.
        ["government"] = ["(?<!non-)government(s|al)?", "ministr(y|ies)", "diplomatic", "embass(y|ies)", "public sector"],
        ["defense"] = ["defen[cs]e", "military", "armed forces"],
        ["telecommunications"] = ["telecom(munications?)?", "internet service providers?", "mobile operators?"],
        ["manufacturing"] = ["manufactur(ing|ers?)", "industrial"],
        ["education"] = ["education(al)?", "universit(y|ies)", "academi(a|c)", "research institutes?"],
        ["technology"] = ["technology", "IT services?", "software (companies|vendors|developers)", "semiconductors?", "managed service providers?"],
        ["retail"] = ["retail", "hospitality", "restaurants?", "point[- ]of[- ]sale"],
        ["media"] = ["media", "journalists?", "news", "entertainment"],
        ["transportation"] = ["transportation", "aviation", "airlines?", "aerospace", "logistics", "shipping", "maritime"],
        ["ngo"] = ["NGOs?", "non-governmental", "non-profit", "think tanks?", "human rights", "dissidents?", "activists?"],
        ["legal"] = ["legal", "law firms?"],
    };

    /// <summary>Region tag → case-insensitive keyword patterns (countries count toward their region).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> RegionKeywords { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["north-america"] = ["North America", "United States", "U\\.S", "US", "USA", "Canada"],
        ["europe"] = ["Europe(an)?", "Ukraine", "Germany", "France", "United Kingdom", "UK", "Poland", "Italy", "Spain", "NATO", "Baltic", "Netherlands"],
        ["middle-east"] = ["Middle East(ern)?", "Israel", "Saudi Arabia", "United Arab Emirates", "UAE", "Kuwait", "Lebanon", "Turk(ey|ish)", "Iraq", "Jordan", "Qatar"],
        ["asia"] = ["Asia(n)?", "South Korea", "Japan", "India(n)?", "Taiwan", "Vietnam", "Philippines", "Hong Kong", "Pakistan", "Afghan(istan|i)?", "Mongolia", "Thailand", "Singapore", "Malaysia", "Indonesia"],
        ["latin-america"] = ["Latin America(n)?", "South America(n)?", "Brazil(ian)?", "Mexico", "Colombia", "Chile", "Argentina"],
        ["africa"] = ["Africa(n)?", "Egypt", "Nigeria", "Kenya"],
        ["oceania"] = ["Australia(n)?", "New Zealand"],
    };

    private static readonly IReadOnlyList<(string Tag, Regex Pattern)> Sectors = Compile(SectorKeywords, RegexOptions.IgnoreCase);

    // Case-sensitive: "US" and "UK" must not match "us" and "uk" inside ordinary prose.
    private static readonly IReadOnlyList<(string Tag, Regex Pattern)> Regions = Compile(RegionKeywords, RegexOptions.None);

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\(Citation:[^)]*\)")]
    private static partial Regex Citation();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"\b(target|against|victim|compromis|focus|attack)", RegexOptions.IgnoreCase)]
    private static partial Regex VictimSentence();

    /// <summary>Candidate sector and region tags (sorted, distinct) found in victim-related sentences of the text.</summary>
    public static (IReadOnlyList<string> Sectors, IReadOnlyList<string> Regions) Derive(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ([], []);
        }

        var plain = Citation().Replace(MarkdownLink().Replace(text, "$1"), "");
        var sentences = SentenceBreak().Split(plain).Where(s => VictimSentence().IsMatch(s)).ToList();
        return (Find(Sectors, sentences), Find(Regions, sentences));
    }

    private static IReadOnlyList<string> Find(IReadOnlyList<(string Tag, Regex Pattern)> table, List<string> sentences) =>
        table.Where(entry => sentences.Any(s => entry.Pattern.IsMatch(s)))
            .Select(entry => entry.Tag)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static List<(string, Regex)> Compile(IReadOnlyDictionary<string, IReadOnlyList<string>> table, RegexOptions options) =>
        table.Select(kv => (kv.Key, new Regex(@"\b(" + string.Join("|", kv.Value) + @")\b", options | RegexOptions.CultureInvariant | RegexOptions.Compiled)))
            .ToList();
}
