using Tessera.Core.Alerts.Model;
using Tessera.Core.Attack;

namespace Tessera.Core.Tests.Alerts.Model;

/// <summary>v19 IDs in the shared Atomic Red Team content, named and matched to ATT&amp;CK 18.1 by their names.</summary>
public sealed class NewerTechniquesTests(MapperFixture fixture)
{
    private NewerTechniques Newer => fixture.Mapper.Newer;

    [Theory]
    [InlineData("T1685", "T1562.001")]      // same name
    [InlineData("T1685.001", "T1562.002")]  // "Disable or Modify Windows Event Log" vs "Disable Windows Event Logging"
    [InlineData("T1685.005", "T1070.001")]  // moved from Indicator Removal
    [InlineData("T1690", "T1562.003")]      // "Prevent" vs "Impair Command History Logging"
    [InlineData("T1688", "T1562.009")]
    public void Find_RenumberedV19Technique_SameAsItsEarlierId(string id, string earlier)
    {
        var newer = Newer.Find(id);

        Assert.NotNull(newer);
        Assert.Equal(earlier, newer.SameAsId);
        Assert.Equal(fixture.Mapper.Attack.FindTechnique(earlier)!.Name, newer.SameAsName!.Split(": ")[^1]);
    }

    [Fact]
    public void Find_NewV19SubTechnique_NamedWithoutEarlierId()
    {
        // "Obfuscated Files or Information: Invisible Unicode" has no 18.1 counterpart of its own name.
        var newer = Newer.Find("T1027.018");

        Assert.NotNull(newer);
        Assert.Equal("Obfuscated Files or Information: Invisible Unicode", newer.Name);
        Assert.Null(newer.SameAsId);
    }

    [Theory]
    [InlineData("T1685.005", "T1070")]   // renumbered: where 18.1 had it (T1070.001), not under v19's T1685
    [InlineData("T1685", "T1562")]       // a v19 parent-level ID that 18.1 holds as T1562.001
    [InlineData("T1686.003", "T1562")]   // unnamed: through its named v19 parent T1686 (18.1 T1562.004)
    [InlineData("T1059.001", "T1059")]   // ordinary sub-technique
    [InlineData("T1059", null)]          // heads its own family
    [InlineData("T1680", null)]          // new in v19 without an 18.1 counterpart
    public void FamilyHead_Id_ParentInTheLoadedRelease(string id, string? head) => Assert.Equal(head, Newer.FamilyHead(id));

    [Fact]
    public void Find_IdTheLoadedReleaseKnows_NotListed()
    {
        Assert.Null(Newer.Find("T1562.001"));
        Assert.Null(Newer.Find("T1059"));
    }
}
