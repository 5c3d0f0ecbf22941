using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Decomposition;

namespace Tessera.Core.Tests.Alerts.Decomposition;

public sealed class AttackEntityIndexTests(MapperFixture fixture)
{
    // Every family of a named entity (the fixture's index has no detectability counts, so its default cap would be arbitrary).
    private readonly AlertDecomposer _decomposer = new(KevMappings.Empty, fixture.Entities.With(0.1f, 0.5f, maxTechniques: 100));

    [Fact]
    public void Decompose_MalwareName_NamesTheSoftwareAndSuggestsItsTechniquesAsFamilies()
    {
        var parts = _decomposer.Decompose(Alert.FromTitle("Potential Ryuk Ransomware Activity"));

        var threat = Assert.Single(parts.Threats);
        Assert.Equal("Ryuk", threat.Name);
        Assert.Contains("S0446", threat.Connotation);
        Assert.Contains("malware", threat.Connotation);
        var evidence = parts.Evidence.Where(e => e.Origin == "attack").ToList();
        // Ryuk uses T1486 Data Encrypted for Impact and T1547.001 (reported as the family T1547).
        Assert.Contains(evidence, e => e.TechniqueId == "T1486" && e.Reason.StartsWith("Ryuk (S0446, ATT&CK malware) is known to use T1486"));
        Assert.Contains(evidence, e => e.TechniqueId == "T1547" && e.Reason.Contains("T1547.001"));
        Assert.All(evidence, e => Assert.Equal(5, e.TechniqueId.Length));
        Assert.DoesNotContain(evidence, e => e.TechniqueId == "T1190");
    }

    [Fact]
    public void Decompose_OtherTitleWords_FavourTheMatchingProcedureExample()
    {
        var plain = _decomposer.Decompose(Alert.FromTitle("Ryuk Activity")).Evidence.Single(e => e.TechniqueId == "T1490");
        var shadow = _decomposer.Decompose(Alert.FromTitle("Ryuk Deletes Shadow Copies With Vssadmin")).Evidence;

        // Ryuk's T1490 procedure example quotes "vssadmin Delete Shadows": that use now outweighs every other one.
        var best = shadow.Where(e => e.Origin == "attack").MaxBy(e => e.Weight)!;
        Assert.Equal("T1490", best.TechniqueId);
        Assert.True(best.Weight > plain.Weight);
    }

    [Fact]
    public void Decompose_DefaultIndex_SuggestsAtMostFifteenFamiliesPerEntity()
    {
        // Lazarus Group uses well over fifteen technique families.
        var parts = new AlertDecomposer(KevMappings.Empty, fixture.Entities).Decompose(Alert.FromTitle("Lazarus Group Activity"));

        Assert.Single(parts.Threats);
        Assert.Equal(15, parts.Evidence.Count(e => e.Origin == "attack"));
    }

    [Fact]
    public void Decompose_AliasOfGroup_IsFound()
    {
        var parts = _decomposer.Decompose(Alert.FromTitle("APT27 - Emissary Panda Activity"));

        var threat = Assert.Single(parts.Threats);
        Assert.Contains("group", threat.Connotation);
        Assert.Contains(parts.Evidence, e => e.Origin == "attack");
    }

    [Theory]
    [InlineData("Ping sweep of internal network")]   // Ping (S0097) is an ordinary word in ATT&CK prose
    [InlineData("Logon at unusual hour")]             // at (S0110) is shorter than four letters
    [InlineData("Suspicious Process Creation")]
    public void Decompose_OrdinaryWords_AreNotTakenForNames(string title)
    {
        var parts = _decomposer.Decompose(Alert.FromTitle(title));

        Assert.Empty(parts.Threats);
        Assert.DoesNotContain(parts.Evidence, e => e.Origin == "attack");
    }

    [Fact]
    public void Decompose_WithoutIndex_FindsNoThreats()
    {
        var parts = new AlertDecomposer(KevMappings.Empty).Decompose(Alert.FromTitle("Potential Ryuk Ransomware Activity"));

        Assert.Empty(parts.Threats);
        Assert.DoesNotContain(parts.Evidence, e => e.Origin == "attack");
    }

    [Fact]
    public void Map_NamedMalware_ExplainsWithTheProcedureAndSummarisesTheThreat()
    {
        var mapping = fixture.Mapper.Map(Alert.FromTitle("Potential Ryuk Ransomware Activity"));

        Assert.Contains("Ryuk (ATT&CK malware S0446", mapping.Summary);
        var encrypted = Assert.Single(mapping.Techniques, t => t.Id.StartsWith("T1486", StringComparison.Ordinal));
        Assert.Contains(encrypted.Why, w => w.Contains("Ryuk (S0446, ATT&CK malware) is known to use T1486"));
    }
}
