using Tessera.Core.Attack;

namespace Tessera.Core.Tests.Attack;

public sealed class AttackKnowledgeBaseTests(AttackBundlesFixture bundles)
{
    [Fact]
    public void Latest_TwoEnterpriseReleases_PicksNewest()
    {
        var kb = new AttackKnowledgeBase([bundles.Enterprise171, bundles.Enterprise181, bundles.Ics181]);

        Assert.Equal("18.1", kb.Latest(AttackDomain.Enterprise)!.Info.Version);
        Assert.Equal(["18.1", "17.1"], kb.Versions(AttackDomain.Enterprise));
        Assert.Null(kb.Latest(AttackDomain.Mobile));
    }

    [Fact]
    public void Find_ByKeyOrDomainAndVersion_ReturnsCollection()
    {
        var kb = new AttackKnowledgeBase([bundles.Enterprise171, bundles.Mobile181]);

        Assert.Same(bundles.Enterprise171, kb.Find("enterprise-attack@17.1"));
        Assert.Same(bundles.Mobile181, kb.Find(AttackDomain.Mobile, "18.1"));
        Assert.Null(kb.Find("enterprise-attack@19.0"));
    }

    [Fact]
    public void Add_SameKey_ReplacesAndReturnsOld()
    {
        var kb = new AttackKnowledgeBase([bundles.Ics181]);

        var replaced = kb.Add(bundles.Ics181);

        Assert.Same(bundles.Ics181, replaced);
        Assert.Single(kb.Collections);
        Assert.True(kb.Remove("ics-attack@18.1"));
        Assert.Empty(kb.Collections);
    }

    [Theory]
    [InlineData("9.0", "17.1", -1)] // numeric, not ordinal ("9" > "1" as text)
    [InlineData("18.1", "18.0", 1)]
    [InlineData("18", "18.0", -1)] // numerically equal: an ordinal tie-break keeps the order total
    public void AttackVersionComparer_Releases_CompareNumerically(string a, string b, int sign) =>
        Assert.Equal(sign, Math.Sign(AttackVersionComparer.Instance.Compare(a, b)));
}
