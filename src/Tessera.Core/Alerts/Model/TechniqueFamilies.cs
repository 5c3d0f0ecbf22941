using Tessera.Core.Attack;

namespace Tessera.Core.Alerts.Model;

/// <summary>
/// Which technique family each model class belongs to, in the loaded release's structure
/// (<see cref="NewerTechniques.FamilyHead"/>). v19 moved 18.1's T1070.001 (Clear Windows Event Logs) under T1685 (18.1's
/// T1562.001): by ID prefix, "clear the logs" and "disable the EDR" would be one family, reported as T1685 "Disable or
/// Modify Tools", which a reader of release 18.1 (and gold written against it) takes for T1562.001. Here T1685.005 stays
/// with T1070 and T1685 with T1562, as the loaded release groups them.
/// </summary>
internal static class TechniqueFamilies
{
    /// <summary>The family head's class index for every class, or -1 for a class that heads its own family.</summary>
    public static int[] ParentOf(IReadOnlyList<string> classes, IReadOnlyDictionary<string, int> index, NewerTechniques newer)
    {
        var parents = new int[classes.Count];
        for (var c = 0; c < classes.Count; c++)
        {
            parents[c] = newer.FamilyHead(classes[c]) is { } head && index.TryGetValue(head, out var p) && p != c ? p : -1;
        }

        return parents;
    }
}
