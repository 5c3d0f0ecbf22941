namespace Tessera.Core.Threats;

/// <summary>Tag normalisation shared by profiles and filters: trimmed, lower case, distinct, sorted.</summary>
public static class ThreatTags
{
    /// <summary>Returns the normalised union of both lists.</summary>
    public static IReadOnlyList<string> Merge(IEnumerable<string> existing, IEnumerable<string> added) =>
        existing.Concat(added)
            .Select(Normalise)
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>A tag as stored: trimmed and lower case.</summary>
    public static string Normalise(string tag) => tag.Trim().ToLowerInvariant();
}
