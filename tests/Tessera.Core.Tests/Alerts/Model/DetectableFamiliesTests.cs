using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Model;

namespace Tessera.Core.Tests.Alerts.Model;

/// <summary>How many Sigma rules see each technique family, counted in the loaded release's structure.</summary>
public sealed class DetectableFamiliesTests(MapperFixture fixture)
{
    [Fact]
    public void DetectableFamilies_RenumberedV19Labels_CountForTheLoadedReleasesFamily()
    {
        // Current Sigma tags 18.1's T1562.001 as T1685 and T1070.001 as T1685.005: by ID prefix, T1562 (which no Sigma
        // rule is tagged with any more) would count nothing, and T1685 would pool log clearing with disabling tools.
        var corpus = new TrainingCorpus
        {
            Attack = fixture.Mapper.Attack,
            Newer = fixture.Mapper.Newer,
            Documents =
            [
                Rule("Defender Disabled", "T1685"),
                Rule("Security Log Cleared", "T1685.005"),
                Rule("Firewall Rule Deleted", "T1686.003", "T1685"),  // both in T1562: counted once
                Rule("Encoded PowerShell", "T1059.001"),
                Rule("Excluded rule", "T1562.001"),
            ],
        };

        var families = AlertMapperFactory.DetectableFamilies(corpus, d => d.Display == "Excluded rule");

        Assert.Equal(2, families["T1562"]);
        Assert.Equal(1, families["T1070"]);
        Assert.Equal(1, families["T1059"]);
        Assert.False(families.ContainsKey("T1685"));
    }

    private static TrainingDocument Rule(string title, params string[] labels) =>
        new() { Text = title, Display = title, Labels = labels, Source = TrainingSource.Sigma };
}
