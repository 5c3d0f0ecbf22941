namespace Tessera.Core.Detection.Sigma;

/// <summary>
/// The field modifiers of the Sigma specification (appendix "Modifiers", 2.x, plus the pySigma long forms
/// of the regex flags and the time-part modifiers). Anything else makes the file invalid: an unknown
/// modifier would silently change what a rule matches if a backend ignored it.
/// </summary>
public static class SigmaModifiers
{
    private static readonly HashSet<string> RegexFlags = new(StringComparer.Ordinal) { "i", "ignorecase", "m", "multiline", "s", "dotall" };

    /// <summary>Every accepted modifier name (case-sensitive, as the specification writes them).</summary>
    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "contains", "startswith", "endswith", "all", "exists", "cased", "neq",
        "base64", "base64offset", "utf16le", "utf16be", "wide", "utf16", "windash",
        "re", "i", "ignorecase", "m", "multiline", "s", "dotall",
        "cidr", "expand", "fieldref",
        "gt", "gte", "lt", "lte",
        "minute", "hour", "day", "week", "month", "year",
    };

    /// <summary>
    /// Checks one modifier chain; returns a message per problem (unknown name, regex flag without <c>re</c>
    /// before it), empty when the chain is valid.
    /// </summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<string> modifiers)
    {
        List<string>? problems = null;
        var seenRe = false;
        foreach (var modifier in modifiers)
        {
            if (!Known.Contains(modifier))
            {
                (problems ??= []).Add($"unknown field modifier '{modifier}'");
            }
            else if (RegexFlags.Contains(modifier) && !seenRe)
            {
                (problems ??= []).Add($"regex flag '{modifier}' must follow the 're' modifier");
            }

            seenRe |= modifier == "re";
        }

        return problems ?? (IReadOnlyList<string>)[];
    }
}
