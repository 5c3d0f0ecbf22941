using System.Collections.Frozen;

namespace Tessera.Core.Security;

/// <summary>The single table that says which <see cref="Permission"/>s each <see cref="Role"/> holds.</summary>
public static class RolePermissions
{
    private static readonly FrozenDictionary<Role, FrozenSet<Permission>> Grants = new Dictionary<Role, FrozenSet<Permission>>
    {
        [Role.Viewer] = new[] { Permission.Read }.ToFrozenSet(),
        [Role.Analyst] = new[]
        {
            Permission.Read, Permission.ChangeIncidents, Permission.ChangeAlerts, Permission.ChangeAssociations,
        }.ToFrozenSet(),
        [Role.DetectionEngineer] = new[]
        {
            Permission.Read, Permission.ChangeRules, Permission.ChangeValidations, Permission.ChangeCoverage,
            Permission.ChangeRunbooks,
        }.ToFrozenSet(),
        [Role.Admin] = Enum.GetValues<Permission>().ToFrozenSet(),
    }.ToFrozenDictionary();

    /// <summary>True when <paramref name="role"/> holds <paramref name="permission"/>; false for undefined roles.</summary>
    public static bool Has(this Role role, Permission permission) =>
        Grants.TryGetValue(role, out var set) && set.Contains(permission);

    /// <summary>Every permission of <paramref name="role"/> (empty for undefined roles).</summary>
    public static IReadOnlySet<Permission> Of(Role role) =>
        Grants.TryGetValue(role, out var set) ? set : FrozenSet<Permission>.Empty;
}
