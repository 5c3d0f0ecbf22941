using Tessera.Core.Attack;

namespace Tessera.Core.Threats;

/// <summary>What a <see cref="ThreatProfile"/> describes.</summary>
public enum ThreatProfileKind
{
    /// <summary>An ATT&amp;CK group (intrusion set, G0016 …).</summary>
    Group,

    /// <summary>An ATT&amp;CK campaign (C0001 …).</summary>
    Campaign,

    /// <summary>A profile imported from a Navigator layer, a DeTT&amp;CT group file or a list of IDs.</summary>
    Custom,
}

/// <summary>One technique a threat uses and, when known, when that use was last reported.</summary>
/// <param name="LastSeen">
/// For ATT&amp;CK groups: the newest publication date cited on the <c>uses</c> relationship, or the
/// <c>last_seen</c> of an attributed campaign; null when undated (see <see cref="CitationDates"/>).
/// </param>
public sealed record ThreatTechnique(TechniqueId Id, DateTimeOffset? LastSeen = null);

/// <summary>
/// A threat actor, campaign or custom adversary profile: the techniques it uses and the sectors and regions it
/// targets. Tags are lower-case (<c>financial</c>, <c>europe</c>); <see cref="SectorTagger"/> derives candidate
/// tags from ATT&amp;CK descriptions and users add their own with <see cref="WithTags"/>.
/// </summary>
public sealed record ThreatProfile
{
    /// <summary>ATT&amp;CK ID (<c>G0016</c>, <c>C0024</c>) or <c>custom:&lt;name&gt;</c> for imported profiles.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required ThreatProfileKind Kind { get; init; }

    /// <summary>Other names ATT&amp;CK lists for a group or campaign (Cozy Bear, NOBELIUM …), without <see cref="Name"/> itself.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>One entry per technique ID, sorted by ID.</summary>
    public required IReadOnlyList<ThreatTechnique> Techniques { get; init; }

    public IReadOnlyList<string> Sectors { get; init; } = [];

    public IReadOnlyList<string> Regions { get; init; } = [];

    /// <summary>Where the profile came from, e.g. <c>enterprise-attack@18.1</c>, a layer or file name.</summary>
    public string Source { get; init; } = "";

    /// <summary>Returns a copy with extra sector and region tags (normalised to lower case, duplicates removed).</summary>
    public ThreatProfile WithTags(IEnumerable<string>? sectors = null, IEnumerable<string>? regions = null) => this with
    {
        Sectors = ThreatTags.Merge(Sectors, sectors ?? []),
        Regions = ThreatTags.Merge(Regions, regions ?? []),
    };

    /// <summary>Merges repeated technique IDs (keeping the newest date) and sorts them, as profiles store them.</summary>
    public static IReadOnlyList<ThreatTechnique> Normalise(IEnumerable<ThreatTechnique> techniques) =>
        techniques
            .GroupBy(t => t.Id)
            .Select(g => new ThreatTechnique(g.Key, g.Max(t => t.LastSeen)))
            .OrderBy(t => t.Id)
            .ToList();
}
