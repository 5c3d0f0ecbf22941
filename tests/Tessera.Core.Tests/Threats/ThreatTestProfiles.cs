using Tessera.Core.Attack;
using Tessera.Core.Threats;

namespace Tessera.Core.Tests.Threats;

/// <summary>Hand-built profiles with known dates, for weight arithmetic.</summary>
internal static class ThreatTestProfiles
{
    public static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ThreatProfile Profile(string id, string[] sectors, string[] regions, params (string Id, DateTimeOffset? Seen)[] techniques) => new()
    {
        Id = id, Name = id, Kind = ThreatProfileKind.Group,
        Techniques = ThreatProfile.Normalise(techniques.Select(t => new ThreatTechnique(TechniqueId.Parse(t.Id), t.Seen))),
        Sectors = sectors, Regions = regions,
    };

    /// <summary>Years before <see cref="Now"/> (730-day years, so one "year" of two is exactly a default half-life).</summary>
    public static DateTimeOffset YearsAgo(double halfLives) => Now - TimeSpan.FromDays(730 * halfLives);
}
