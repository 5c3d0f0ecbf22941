using Tessera.Core.Attack;
using Tessera.Core.Stix;
using Tessera.Core.Threats;
using Tessera.Server.Api.Threats;
using Tessera.Tests.Shared;

namespace Tessera.Server.Tests.Components.Pages.Threats;

/// <summary>Hand-made profiles for the pick list and URL rules, and the real Enterprise 18.1 profiles.</summary>
internal static class ThreatTestProfiles
{
    private static readonly Lazy<IReadOnlyList<ThreatProfile>> Enterprise = new(() =>
        ThreatService.Profiles(StixBundleReader.ReadFile(SharedData.Enterprise181).Collection
            ?? throw new InvalidOperationException("Enterprise 18.1 did not load")));

    public static IReadOnlyList<ThreatProfile> Enterprise181 => Enterprise.Value;

    public static ThreatProfile Group(string id, string name, params string[] aliases) => Make(id, name, ThreatProfileKind.Group, aliases);

    public static ThreatProfile Campaign(string id, string name, params string[] aliases) => Make(id, name, ThreatProfileKind.Campaign, aliases);

    private static ThreatProfile Make(string id, string name, ThreatProfileKind kind, string[] aliases) => new()
    {
        Id = id, Name = name, Kind = kind, Aliases = aliases, Techniques = [new ThreatTechnique(TechniqueId.Parse("T1059"))],
    };
}
