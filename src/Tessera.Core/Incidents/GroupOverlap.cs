using System.Runtime.CompilerServices;
using Tessera.Core.Attack;

namespace Tessera.Core.Incidents;

/// <summary>
/// "Which threat groups does this look like?": ranks a source's groups by how many of a technique set they are
/// known to use (group <c>uses</c> technique relationships). A sub-technique counts for its parent too, because
/// groups are often mapped only to the parent.
/// </summary>
public static class GroupOverlap
{
    private static readonly ConditionalWeakTable<AttackCollection, IReadOnlyDictionary<Group, IReadOnlySet<string>>> Cache = new();

    /// <summary>Each active group's technique IDs (sub-techniques and their parents).</summary>
    public static IReadOnlyDictionary<Group, IReadOnlySet<string>> GroupTechniques(AttackCollection collection) =>
        Cache.GetValue(collection, Build);

    /// <summary>
    /// Groups sharing at least one technique with <paramref name="techniqueIds"/>, most shared first, then by the
    /// share of the group's own techniques (a small precise group beats a large one), at most <paramref name="top"/>.
    /// </summary>
    public static IReadOnlyList<GroupMatch> Rank(AttackCollection collection, IEnumerable<string> techniqueIds, int top)
    {
        var wanted = Expand(techniqueIds);
        return GroupTechniques(collection)
            .Select(kv => (Group: kv.Key, Uses: kv.Value, Shared: wanted.Where(kv.Value.Contains).Order(StringComparer.Ordinal).ToList()))
            .Where(x => x.Shared.Count > 0)
            .Select(x => new GroupMatch(x.Group.AttackId, x.Group.Name, x.Shared, x.Uses.Count, wanted.Count == 0 ? 0 : (double)x.Shared.Count / wanted.Count))
            .OrderByDescending(m => m.Shared.Count).ThenByDescending(m => (double)m.Shared.Count / Math.Max(1, m.GroupTechniqueCount))
            .ThenBy(m => m.GroupId, StringComparer.Ordinal)
            .Take(top)
            .ToList();
    }

    /// <summary>The technique IDs of the group with this ATT&amp;CK ID (G0016 …), or null when unknown.</summary>
    public static IReadOnlySet<string>? TechniquesOf(AttackCollection collection, string groupId) =>
        GroupTechniques(collection).FirstOrDefault(kv => string.Equals(kv.Key.AttackId, groupId, StringComparison.OrdinalIgnoreCase)).Value;

    private static HashSet<string> Expand(IEnumerable<string> ids)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids.Where(i => i.Length > 0))
        {
            set.Add(id);
            if (TechniqueId.TryParse(id, out var parsed))
            {
                set.Add(parsed.Parent.Value);
            }
        }

        return set;
    }

    private static IReadOnlyDictionary<Group, IReadOnlySet<string>> Build(AttackCollection collection)
    {
        var result = new Dictionary<Group, IReadOnlySet<string>>();
        foreach (var group in collection.Groups.Where(g => g.IsActive))
        {
            var ids = collection.TechniquesUsedBy(group).Select(u => u.Technique.AttackId);
            result[group] = Expand(ids);
        }

        return result;
    }
}

/// <summary>A group that shares techniques with an incident: the shared IDs, how many techniques the group uses, and the share of the incident's techniques covered.</summary>
public sealed record GroupMatch(string GroupId, string Name, IReadOnlyList<string> Shared, int GroupTechniqueCount, double Coverage);
