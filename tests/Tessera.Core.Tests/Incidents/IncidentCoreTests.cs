using Tessera.Core.Attack;
using Tessera.Core.Incidents;
using Tessera.Core.Tests.Attack;

namespace Tessera.Core.Tests.Incidents;

public sealed class IncidentCoreTests(AttackBundlesFixture bundles)
{
    [Theory]
    [InlineData("lookup:12", OriginKind.ThreatLookup, "12")]
    // Rule names contain colons and spaces; only the first colon separates kind from reference.
    [InlineData("alert:Sigma: LSASS Memory Dump", OriginKind.Alert, "Sigma: LSASS Memory Dump")]
    [InlineData("manual:alice", OriginKind.Manual, "alice")]
    public void TryParse_KnownKind_SplitsAtFirstColon(string text, OriginKind kind, string reference)
    {
        Assert.True(AssociationOrigin.TryParse(text, out var origin));
        Assert.Equal(new AssociationOrigin(kind, reference), origin);
        Assert.Equal(text, origin.ToString());
    }

    [Theory]
    [InlineData("siem:1")]
    [InlineData("lookup:")]
    [InlineData(":12")]
    [InlineData("lookup")]
    public void TryParse_UnknownKindOrEmptyPart_False(string text) => Assert.False(AssociationOrigin.TryParse(text, out _));

    [Fact]
    public void Place_UnknownAndRevokedIds_KeptWithoutTacticWhileKnownGetEveryTactic()
    {
        var enterprise = bundles.Enterprise181;

        // T1685 is a v19 ID unknown to 18.1; T1086 is revoked in 18.1; "nonsense" is not an ID and is dropped.
        var placed = AssociationValidator.Place(enterprise, ["T1078", "T1685", "T1086", "nonsense"]);

        Assert.Equal(4, placed.Count(t => t.TechniqueId == "T1078"));
        Assert.Contains(new AssociationTarget("enterprise-attack@18.1", "", "T1685"), placed);
        Assert.Contains(new AssociationTarget("enterprise-attack@18.1", "", "T1086"), placed);
        Assert.Equal(6, placed.Count);
    }

    [Fact]
    public void Rank_LsassDumpingAndPowerShell_GroupsSortedBySharedCountWithSharedIdsListed()
    {
        var ranked = GroupOverlap.Rank(bundles.Enterprise181, ["T1003.001", "T1059.001", "T1566.001"], 10);

        Assert.Equal(10, ranked.Count);
        Assert.True(ranked.Zip(ranked.Skip(1)).All(p => p.First.Shared.Count >= p.Second.Shared.Count));
        // Sub-techniques also count for their parent, because many groups are mapped to the parent only.
        Assert.Contains("T1059", ranked[0].Shared);
        Assert.All(ranked, m => Assert.All(m.Shared, id => Assert.Contains(id, GroupOverlap.TechniquesOf(bundles.Enterprise181, m.GroupId)!)));
    }

    [Fact]
    public void Validate_SubtechniqueInItsTactic_AcceptedAndNormalisedToUpperCase()
    {
        var (targets, errors) = AssociationValidator.Validate(bundles.Enterprise181,
            new AssociationRequest("enterprise-attack@18.1", [new TacticSelection("Credential-Access", ["t1003.001"]), new TacticSelection("discovery", [])]));

        Assert.Empty(errors);
        Assert.Equal([new AssociationTarget("enterprise-attack@18.1", "credential-access", "T1003.001"), new AssociationTarget("enterprise-attack@18.1", "discovery", "")], targets);
    }

    // QA: "TA0001" was refused as "not a tactic of enterprise-attack@18.1" (it is Initial Access), where every tactic filter
    // takes IDs; TA9999 is still refused, now saying how to name a tactic.
    [Fact]
    public void Validate_TacticById_StoredAsItsShortName_UnknownIdRefused()
    {
        var (targets, errors) = AssociationValidator.Validate(bundles.Enterprise181,
            new AssociationRequest("enterprise-attack@18.1", [new TacticSelection("TA0001", ["T1566.001"]), new TacticSelection("ta9999", [])]));

        Assert.Equal([new AssociationTarget("enterprise-attack@18.1", "initial-access", "T1566.001")], targets);
        var error = Assert.Single(errors);
        Assert.Equal(("unknown-tactic", "tactics[1].tactic"), (error.Code, error.Field));
        Assert.Contains("name one by short name (initial-access) or ID (TA0001)", error.Message, StringComparison.Ordinal);
    }
}
