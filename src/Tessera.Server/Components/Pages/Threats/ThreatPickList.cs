using Tessera.Core.Threats;

namespace Tessera.Server.Components.Pages.Threats;

/// <summary>One headed part of the pick list; <paramref name="Hidden"/> counts matches left out by the limit.</summary>
public sealed record PickSection(string Title, IReadOnlyList<ThreatProfile> Profiles, int Hidden);

/// <summary>
/// The Threats page's pick list: what is selected on top, then groups, then campaigns, each by name. Analysts look for
/// a group by name or by a vendor's alias (APT29, Cozy Bear, G0016), so the search reads ID, name and aliases.
/// </summary>
public static class ThreatPickList
{
    /// <summary>Profiles listed per section: ~170 groups and ~50 campaigns are searchable; a long unfiltered list helps nobody.</summary>
    public const int SectionLimit = 40;

    /// <summary>True when the search is blank or is part of the profile's ID, name or one of its aliases, ignoring case.</summary>
    public static bool Matches(ThreatProfile profile, string search)
    {
        var term = search.Trim();
        return term.Length == 0
            || profile.Id.Contains(term, StringComparison.OrdinalIgnoreCase)
            || profile.Name.Contains(term, StringComparison.OrdinalIgnoreCase)
            || profile.Aliases.Any(a => a.Contains(term, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// "Selected" (every selected profile, searched or not, groups before campaigns), then "Groups" and "Campaigns"
    /// matching the search, each sorted by name and capped at <see cref="SectionLimit"/>. Empty sections are left out.
    /// </summary>
    public static IReadOnlyList<PickSection> Sections(IEnumerable<ThreatProfile> profiles, IReadOnlySet<string> selected, string search)
    {
        var byName = profiles
            .OrderBy(p => p.Kind)
            .ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
        var sections = new List<PickSection>();
        var picked = byName.Where(p => selected.Contains(p.Id)).ToList();
        if (picked.Count > 0)
        {
            sections.Add(new PickSection("Selected", picked, 0));
        }

        foreach (var (kind, title) in new[] { (ThreatProfileKind.Group, "Groups"), (ThreatProfileKind.Campaign, "Campaigns") })
        {
            var matching = byName.Where(p => p.Kind == kind && !selected.Contains(p.Id) && Matches(p, search)).ToList();
            if (matching.Count > 0)
            {
                sections.Add(new PickSection(title, matching.Take(SectionLimit).ToList(), Math.Max(0, matching.Count - SectionLimit)));
            }
        }

        return sections;
    }
}
