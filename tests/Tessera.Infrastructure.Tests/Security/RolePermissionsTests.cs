using Tessera.Core.Security;

namespace Tessera.Infrastructure.Tests.Security;

public sealed class RolePermissionsTests
{
    [Theory]
    [InlineData(Role.Viewer, Permission.Read, true)]
    [InlineData(Role.Viewer, Permission.ChangeIncidents, false)]
    [InlineData(Role.Analyst, Permission.ChangeIncidents, true)]
    [InlineData(Role.Analyst, Permission.ChangeAssociations, true)]
    // Roles are not a ladder: analysts do not edit rules, detection engineers do not edit incidents.
    [InlineData(Role.Analyst, Permission.ChangeRules, false)]
    [InlineData(Role.DetectionEngineer, Permission.ChangeRules, true)]
    [InlineData(Role.DetectionEngineer, Permission.ChangeRunbooks, true)]
    [InlineData(Role.DetectionEngineer, Permission.ChangeIncidents, false)]
    [InlineData(Role.DetectionEngineer, Permission.ManageAttackSources, false)]
    [InlineData(Role.Admin, Permission.ManageApiKeys, true)]
    // An undefined enum value (e.g. from a corrupted row) holds nothing.
    [InlineData((Role)42, Permission.Read, false)]
    public void Has_RoleAndPermission_MatchesPolicy(Role role, Permission permission, bool expected) =>
        Assert.Equal(expected, role.Has(permission));

    [Fact]
    public void Of_Admin_HoldsEveryPermission() =>
        Assert.Equal(Enum.GetValues<Permission>().Length, RolePermissions.Of(Role.Admin).Count);
}
