using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Model;

namespace Tessera.Core.Tests.Alerts.Model;

/// <summary>Technique families in the loaded release's structure, with v19's renumbered IDs placed where 18.1 had them.</summary>
public sealed class TechniqueFamiliesTests(MapperFixture fixture)
{
    private static readonly string[] Classes =
        ["T1059", "T1059.001", "T1070", "T1070.001", "T1562", "T1562.001", "T1685", "T1685.005", "T1686", "T1686.003", "T1680", "T1999.001"];

    private string? FamilyOf(string id)
    {
        var index = Classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var parent = TechniqueFamilies.ParentOf(Classes, index, fixture.Mapper.Newer)[index[id]];
        return parent < 0 ? null : Classes[parent];
    }

    [Theory]
    [InlineData("T1059.001", "T1059")]  // an ordinary sub-technique
    [InlineData("T1685.005", "T1070")]  // v19 moved Clear Windows Event Logs (18.1 T1070.001) under T1685
    [InlineData("T1685", "T1562")]      // v19's T1685 is 18.1's T1562.001 Disable or Modify Tools
    [InlineData("T1686.003", "T1562")]  // unnamed v19 sub-technique: through T1686 (18.1 T1562.004) to T1562
    [InlineData("T1070.001", "T1070")]
    public void ParentOf_Class_HeadOfItsFamilyInTheLoadedRelease(string id, string head) => Assert.Equal(head, FamilyOf(id));

    [Theory]
    [InlineData("T1059")]
    [InlineData("T1680")]      // new in v19, no 18.1 counterpart: its own family
    [InlineData("T1999.001")]  // unknown parent: nothing to join
    public void ParentOf_HeadOrOrphan_NoParent(string id) => Assert.Null(FamilyOf(id));

    [Fact]
    public void Map_EventLogClearingTitle_AnsweredInIndicatorRemovalWithItsTactic()
    {
        var top = fixture.Mapper.Map(Alert.FromTitle("Clearing Windows Event Logs"), 5).Techniques[0];

        // Either 18.1's family (T1070) or the v19 ID that replaced T1070.001; never v19's T1685 "Disable or Modify Tools".
        Assert.True(top.Id == "T1070" || top.SameAs == "T1070.001", $"{top.Id} ({top.SameAs}) {top.Name}");
        Assert.Contains("defense-evasion", top.Tactics);
    }
}
