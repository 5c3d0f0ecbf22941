using Tessera.Core.Attack;
using Tessera.Core.Detection;
using Tessera.Core.Dettect;
using Tessera.Core.Navigator;
using Tessera.Core.Text;

namespace Tessera.Core.Threats;

/// <summary>
/// Builds <see cref="ThreatProfile"/>s from ATT&amp;CK groups and campaigns, a Navigator layer, a DeTT&amp;CT group
/// administration file or a plain list of technique IDs. Technique IDs need only be well formed: IDs a release
/// lacks (e.g. v19's T1685) are kept and flagged later by <see cref="TargetSet"/>.
/// </summary>
public static class ThreatProfiles
{
    /// <summary>
    /// A pasted ID list is a few hundred IDs at most (all of Enterprise is ~700 techniques and sub-techniques);
    /// 1 MB bounds what a form post can make us split.
    /// </summary>
    public const int MaxIdListChars = 1 << 20;

    private const string CustomPrefix = "custom:";

    /// <summary>
    /// One profile per active group and campaign of the release. A group's techniques are its own <c>uses</c>
    /// relationships plus those of the campaigns attributed to it; a technique's date is the newest of the
    /// citations on the relationship (<see cref="CitationDates"/>) and, for campaign uses, the campaign's
    /// <c>last_seen</c>. Techniques used only through software are not included (as in ATT&amp;CK's group pages).
    /// Sector and region tags are derived with <see cref="SectorTagger"/>; a group inherits its campaigns' tags.
    /// Revoked or deprecated objects and relationships are skipped.
    /// </summary>
    public static IReadOnlyList<ThreatProfile> FromAttack(AttackCollection attack)
    {
        var source = attack.Info.Key;
        var campaigns = new Dictionary<string, ThreatProfile>(StringComparer.Ordinal);
        foreach (var campaign in attack.Campaigns.Where(c => c.IsActive))
        {
            var (sectors, regions) = SectorTagger.Derive(campaign.Description);
            campaigns[campaign.StixId] = new ThreatProfile
            {
                Id = campaign.AttackId, Name = campaign.Name, Kind = ThreatProfileKind.Campaign, Source = source, Aliases = OtherNames(campaign.Name, campaign.Aliases),
                Techniques = ThreatProfile.Normalise(UsedTechniques(attack, campaign, campaign.LastSeen)),
                Sectors = sectors, Regions = regions,
            };
        }

        var profiles = new List<ThreatProfile>();
        foreach (var group in attack.Groups.Where(g => g.IsActive))
        {
            var attributed = attack.RelationshipsTo(group.StixId)
                .Where(r => r is { Type: "attributed-to", Revoked: false, Deprecated: false })
                .Select(r => campaigns.GetValueOrDefault(r.SourceRef))
                .OfType<ThreatProfile>()
                .ToList();
            var (sectors, regions) = SectorTagger.Derive(group.Description);
            profiles.Add(new ThreatProfile
            {
                Id = group.AttackId, Name = group.Name, Kind = ThreatProfileKind.Group, Source = source, Aliases = OtherNames(group.Name, group.Aliases),
                Techniques = ThreatProfile.Normalise(UsedTechniques(attack, group, null).Concat(attributed.SelectMany(c => c.Techniques))),
                Sectors = ThreatTags.Merge(sectors, attributed.SelectMany(c => c.Sectors)),
                Regions = ThreatTags.Merge(regions, attributed.SelectMany(c => c.Regions)),
            });
        }

        profiles.AddRange(campaigns.Values);
        return profiles.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// One profile per enabled entry of a DeTT&amp;CT group administration file, named "group_name" or
    /// "group_name / campaign". Disabled entries are counted in <see cref="ThreatProfileImport.Skipped"/>.
    /// The reader already rejected malformed IDs, so this never reports issues.
    /// </summary>
    public static ThreatProfileImport FromDettect(GroupAdministration file)
    {
        var profiles = file.Groups.Where(g => g.Enabled)
            .Select(g =>
            {
                var name = string.IsNullOrWhiteSpace(g.Campaign) ? g.GroupName : $"{g.GroupName} / {g.Campaign}";
                return Custom(name, g.TechniqueIds.Select(id => new ThreatTechnique(id)), file.File);
            })
            .ToList();
        return new ThreatProfileImport { Profiles = profiles, Issues = [], Skipped = file.Groups.Count - profiles.Count };
    }

    /// <summary>
    /// A profile from a Navigator layer: every technique entry that is enabled and not scored 0 (Navigator group
    /// layers mark used techniques with a score or colour; 0 conventionally means "not used").
    /// </summary>
    public static ThreatProfileImport FromLayer(Layer layer)
    {
        var used = layer.Techniques.Where(t => t.Enabled != false && t.Score is not 0).ToList();
        var profile = Custom(layer.Name, used.Select(t => new ThreatTechnique(t.TechniqueId)), "layer: " + layer.Name);
        return new ThreatProfileImport { Profiles = [profile], Issues = [], Skipped = layer.Techniques.Count - used.Count };
    }

    /// <summary>
    /// A profile from pasted text: technique IDs separated by commas, semicolons, spaces or new lines; lines
    /// starting with <c>#</c> are comments. Every malformed token is reported with its line; then no profile is
    /// returned.
    /// </summary>
    public static ThreatProfileImport FromIdList(string name, string text, string source = "id-list")
    {
        if (text.Length > MaxIdListChars)
        {
            return Failed(new ThreatProfileIssue($"the list exceeds {MaxIdListChars >> 20} MB of text", new SourceLocation(source)));
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            return Failed(new ThreatProfileIssue("a custom profile needs a name", new SourceLocation(source), "name"));
        }

        var issues = new List<ThreatProfileIssue>();
        var ids = new List<ThreatTechnique>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith('#'))
            {
                continue;
            }

            foreach (var token in line.Split([',', ';', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (TechniqueId.TryParse(token, out var id))
                {
                    ids.Add(new ThreatTechnique(id));
                }
                else
                {
                    issues.Add(new ThreatProfileIssue($"'{Echo.Clip(token, 40)}' is not a technique ID (expected T1234 or T1234.567)", new SourceLocation(source, i + 1), "technique_id"));
                }
            }
        }

        if (issues.Count == 0 && ids.Count == 0)
        {
            issues.Add(new ThreatProfileIssue("the list holds no technique IDs", new SourceLocation(source)));
        }

        return issues.Count > 0
            ? new ThreatProfileImport { Profiles = [], Issues = issues }
            : new ThreatProfileImport { Profiles = [Custom(name.Trim(), ids, source)], Issues = [] };
    }

    private static ThreatProfile Custom(string name, IEnumerable<ThreatTechnique> techniques, string source) => new()
    {
        Id = CustomPrefix + name, Name = name, Kind = ThreatProfileKind.Custom, Source = source,
        Techniques = ThreatProfile.Normalise(techniques),
    };

    private static IEnumerable<ThreatTechnique> UsedTechniques(AttackCollection attack, AttackObject user, DateTimeOffset? lastSeen)
    {
        foreach (var use in attack.TechniquesUsedBy(user))
        {
            if (TechniqueId.TryParse(use.Technique.AttackId, out var id))
            {
                var cited = CitationDates.Latest(use.Citations);
                yield return new ThreatTechnique(id, lastSeen is null || cited > lastSeen ? cited : lastSeen);
            }
        }
    }

    // ATT&CK repeats the name as the first alias; searching and showing it twice adds nothing.
    private static IReadOnlyList<string> OtherNames(string name, IReadOnlyList<string> aliases) =>
        aliases.Where(a => !string.IsNullOrWhiteSpace(a) && !a.Equals(name, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static ThreatProfileImport Failed(ThreatProfileIssue issue) => new() { Profiles = [], Issues = [issue] };
}
