using Tessera.Core.Attack;
using Tessera.Core.Tests.Attack;

namespace Tessera.Core.Tests.Stix;

/// <summary>Facts checked against the bundles with an independent Python reading of the same files.</summary>
public sealed class StixBundleReaderRealDataTests(AttackBundlesFixture bundles)
{
    [Fact]
    public void ReadFile_Enterprise181_LoadsEveryObjectWithoutErrors()
    {
        var result = bundles.Enterprise181Result;

        Assert.Empty(result.Errors);
        Assert.Equal(24_771, result.Report.ObjectsRead);
        Assert.Equal(20_048, result.Report.RelationshipsLoaded);
        Assert.Equal(2, result.Report.Skipped); // one identity, one marking-definition
        Assert.Equal(835, result.Collection!.Techniques.Count);
    }

    [Fact]
    public void ReadFile_Enterprise181_ResolvesCollectionInfoFromMatrixAndFileName()
    {
        var info = bundles.Enterprise181.Info;

        Assert.Equal(AttackDomain.Enterprise, info.Domain);
        Assert.Equal("18.1", info.Version);
        Assert.Equal("2.0", info.StixVersion);
        Assert.Equal("enterprise-attack@18.1", info.Key);
    }

    [Fact]
    public void ReadFile_Enterprise181_CountsActiveTechniquesAndSubtechniques()
    {
        var active = bundles.Enterprise181.Techniques.Where(t => t.IsActive).ToList();

        Assert.Equal(216, active.Count(t => !t.IsSubtechnique));
        Assert.Equal(475, active.Count(t => t.IsSubtechnique));
        Assert.Equal(132, bundles.Enterprise181.Techniques.Count(t => t.Revoked));
    }

    [Fact]
    public void ReadFile_Enterprise181_MapsPowerShellTechnique()
    {
        var powershell = bundles.Enterprise181.FindTechnique("T1059.001");

        Assert.NotNull(powershell);
        Assert.Equal("PowerShell", powershell.Name);
        Assert.True(powershell.IsSubtechnique);
        Assert.Equal(["execution"], powershell.Tactics);
        Assert.Equal(["Windows"], powershell.Platforms);
        Assert.Equal("attack-pattern--970a3432-3237-47ad-bcca-7d8cbb217736", powershell.StixId);
    }

    [Fact]
    public void ReadFile_Enterprise181_KeepsMatrixTacticOrder()
    {
        var collection = bundles.Enterprise181;
        var matrix = Assert.Single(collection.Matrices);

        var order = matrix.TacticRefs.Select(r => collection.FindByStixId<Tactic>(r)!.ShortName).ToList();

        Assert.Equal("reconnaissance", order[0]);
        Assert.Equal("execution", order[3]);
        Assert.Equal("impact", order[^1]);
        Assert.Equal(14, order.Count);
    }

    [Fact]
    public void ReadFile_Enterprise181_MapsV18DetectionObjects()
    {
        var collection = bundles.Enterprise181;
        var component = collection.DataComponents.Single(d => d.AttackId == "DC0084");
        var analytic = collection.Analytics.Single(a => a.AttackId == "AN0110");

        Assert.Equal(691, collection.DetectionStrategies.Count);
        Assert.Equal(1_739, collection.Analytics.Count);
        Assert.Contains(component.LogSources, l => l is { Name: "WinEventLog:Security", Channel: "EventCode=4769" });
        Assert.Equal(["Linux"], analytic.Platforms);
        Assert.Contains(analytic.LogSources, l => l.Name == "auditd:SYSCALL" && l.DataComponentStixId == "x-mitre-data-component--a7f22107-02e5-4982-9067-6625d4a1765a");
    }

    [Fact]
    public void ReadFile_Enterprise171_LoadsV17DataSourceModel()
    {
        var collection = bundles.Enterprise171;

        Assert.Equal("17.1", collection.Info.Version);
        Assert.Equal(823, collection.Techniques.Count);
        Assert.Empty(collection.DetectionStrategies);
        Assert.Equal(109, collection.DataComponents.Count);
        Assert.All(collection.DataComponents, d => Assert.NotNull(d.DataSourceRef));
        Assert.Equal(2_116, collection.Relationships.Count(r => r.Type == "detects"));
        Assert.Contains(collection.FindTechnique("T1059.001")!.DataSourceNames, n => n.StartsWith("Command:", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadFile_Ics21Bundle_TakesVersionAndNameFromCollectionObject()
    {
        var result = bundles.Ics181Result;

        Assert.Empty(result.Errors);
        Assert.Equal(AttackDomain.Ics, result.Collection!.Info.Domain);
        Assert.Equal("18.1", result.Collection.Info.Version);
        Assert.Equal("2.1", result.Collection.Info.StixVersion);
        Assert.Equal("ICS ATT&CK", result.Collection.Info.Name);
        Assert.Equal(95, result.Collection.Techniques.Count);
        Assert.Equal(18, result.Collection.Assets.Count);
        Assert.Equal(1, result.Report.SkippedByType["x-mitre-collection"]);
    }

    [Fact]
    public void ReadFile_Mobile181_LoadsBothMatricesAndLegacySourceNames()
    {
        var collection = bundles.Mobile181;

        Assert.Equal(AttackDomain.Mobile, collection.Info.Domain);
        Assert.Equal(190, collection.Techniques.Count);
        Assert.Equal(2, collection.Matrices.Count);
        // T1425 carries its ID under the old 'mitre-mobile-attack' source name.
        Assert.True(collection.FindTechnique("T1425")!.Revoked);
    }
}
