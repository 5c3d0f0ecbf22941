using Tessera.Core.Attack;

namespace Tessera.Core.Coverage;

/// <summary>
/// The "priority" scope: techniques that many threat groups use. A technique or sub-technique is a priority when at
/// least <c>minGroups</c> active groups use it in the loaded collection (a parent counts the groups of its
/// sub-techniques too). With 20 groups, Enterprise 18.1 has 101 priority entries (63 techniques, 38 sub-techniques).
/// </summary>
public static class PriorityTechniques
{
    public const int DefaultMinGroups = 20;

    /// <summary>Priority technique IDs of <paramref name="collection"/>; empty for a collection without groups.</summary>
    public static IReadOnlySet<string> FromGroupUsage(AttackCollection collection, int minGroups = DefaultMinGroups)
    {
        var groupsByTechnique = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in collection.Groups.Where(g => g.IsActive))
        {
            foreach (var technique in collection.TechniquesUsedBy(group).Select(u => u.Technique))
            {
                Add(groupsByTechnique, technique.AttackId, group.StixId);
                if (technique.IsSubtechnique)
                {
                    Add(groupsByTechnique, technique.Id.Parent.Value, group.StixId);
                }
            }
        }

        return groupsByTechnique.Where(p => p.Value.Count >= minGroups).Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private static void Add(Dictionary<string, HashSet<string>> map, string technique, string group)
    {
        if (!map.TryGetValue(technique, out var set))
        {
            map[technique] = set = [];
        }

        set.Add(group);
    }
}
