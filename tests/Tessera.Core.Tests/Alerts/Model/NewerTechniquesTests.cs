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

    [Fact]
    public void Find_IdTheLoadedReleaseKnows_NotListed()
    {
        Assert.Null(Newer.Find("T1562.001"));
        Assert.Null(Newer.Find("T1059"));
    }
}
