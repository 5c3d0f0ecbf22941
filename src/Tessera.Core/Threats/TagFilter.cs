namespace Tessera.Core.Threats;

/// <summary>
/// Sector and region selection for sector-based target sets. A profile matches when it shares at least one tag
/// with every non-empty dimension ("financial or insurance" AND "europe"). An empty filter matches nothing.
/// </summary>
public sealed record TagFilter
{
    public IReadOnlyList<string> Sectors { get; init; } = [];

    public IReadOnlyList<string> Regions { get; init; } = [];

    public bool IsEmpty => Sectors.Count == 0 && Regions.Count == 0;

    /// <summary>True when the profile carries a requested tag in each requested dimension.</summary>
    public bool Matches(ThreatProfile profile) =>
        !IsEmpty && Overlaps(Sectors, profile.Sectors) && Overlaps(Regions, profile.Regions);

    private static bool Overlaps(IReadOnlyList<string> wanted, IReadOnlyList<string> have) =>
        wanted.Count == 0 || wanted.Any(w => have.Contains(ThreatTags.Normalise(w), StringComparer.Ordinal));
}
