using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Atomic;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Detection.Validation;
using Tessera.Core.Tests.Attack;
using Tessera.Tests.Shared;
using static Tessera.Core.Tests.Coverage.CoverageFixtures;

namespace Tessera.Core.Tests.Coverage;

/// <summary>
/// Current Sigma and Atomic content tags v19 IDs (164 Sigma rules carry T1685, none T1562.001): against ATT&amp;CK 18.1
/// they count for the technique 18.1 knows under its own ID, paired by the name Atomic Red Team gives the newer ID.
/// </summary>
public sealed class RenumberedCoverageTests(AttackBundlesFixture bundles)
{
    private static readonly NewerTechniqueSource Source = NewerTechniqueSource.FromSharedData(SharedData.Path);

    private CoverageReport Compute(IReadOnlyList<RegisteredRule> rules, IReadOnlyList<ValidationRun>? runs = null, NewerTechniqueSource? source = null)
    {
        var attack = bundles.Enterprise181;
        return CoverageEngine.Compute(Input(attack, rules) with { Newer = (source ?? Source).For(attack), Runs = runs ?? [] }, Now);
    }

    [Fact]
    public void Compute_RuleTaggedT1685_CountsForT1562001AndIsNotUnknown()
    {
        var report = Compute([Rule("T1685", title: "Sysmon service stopped")]);

        var technique = report.Find("T1562.001")!;
        Assert.Equal(CoverageState.RuleExists, technique.State);
        Assert.Equal(["T1685"], technique.NewerIds);
        Assert.Equal("Sysmon service stopped", Assert.Single(technique.Rules).Title);
        Assert.Equal(CoverageState.RuleExists, report.Find("T1562")!.State);
        Assert.DoesNotContain(report.UnknownTechniques, t => t.Id.Value == "T1685");
    }

    [Fact]
    public void Compute_WithoutNewerNames_T1685StaysUnknownAndT1562001IsAGap()
    {
        var report = Compute([Rule("T1685")], source: NewerTechniqueSource.Empty);

        Assert.Equal(CoverageState.Gap, report.Find("T1562.001")!.State);
        Assert.Empty(report.Find("T1562.001")!.NewerIds);
        Assert.Contains(report.UnknownTechniques, t => t.Id.Value == "T1685");
    }

    [Fact]
    public void Compute_RuleTaggedWithBothNumberings_CountsOnce()
    {
        var rule = Rule("T1685") with { Rule = Rule("T1685").Rule with { Techniques = [TechniqueId.Parse("T1562.001"), TechniqueId.Parse("T1685")] } };

        var report = Compute([rule]);

        Assert.Single(report.Find("T1562.001")!.Rules);
    }

    [Fact]
    public void Compute_ValidationRunOnT1685_CountsAsTestRunOfT1562001()
    {
        var run = new ValidationRun
        {
            Id = Guid.NewGuid(), Source = "atomic-log", TestName = "Disable Microsoft Defender Firewall", Technique = TechniqueId.Parse("T1685"),
            ExecutedAt = Now.AddDays(-2), Outcome = ValidationOutcome.Detected,
        };

        var report = Compute([Rule("T1685", ValidationStatus.TestedPassing, Now.AddDays(-2))], [run]);

        var technique = report.Find("T1562.001")!;
        Assert.Equal(CoverageState.Validated, technique.State);
        Assert.Equal(1, technique.TestRuns);
        Assert.Equal(Now.AddDays(-2), technique.LastTested);
    }

    [Fact]
    public void Compute_NewTechniqueWithoutCounterpart_StaysUnknownWithItsName()
    {
        // T1027.018 Invisible Unicode is new in v19, not renumbered: Atomic names it, 18.1 has nothing of that name.
        var report = Compute([Rule("T1027.018")]);

        var unknown = Assert.Single(report.UnknownTechniques);
        Assert.Equal("T1027.018", unknown.Id.Value);
        Assert.StartsWith("Obfuscated Files or Information: Invisible Unicode", unknown.Name);
        Assert.Contains("not in enterprise-attack@18.1", unknown.Name);
    }

    [Fact]
    public void Compute_IdTheCollectionKnows_IsNeverRenamed()
    {
        // 17.1 and 18.1 both know T1562.001; a rule tagged with it stays there whatever newer content says.
        var report = Compute([Rule("T1562.001")]);

        Assert.Equal(CoverageState.RuleExists, report.Find("T1562.001")!.State);
        Assert.Empty(report.UnknownTechniques);
    }

    [Fact]
    public void Read_SharedAtomicFolder_NamesTechniquesFromTheFileHeads()
    {
        var names = AtomicDisplayNames.Read(SharedData.Combine("atomic-red-team", "atomics"));

        Assert.Equal(341, names.Count);
        Assert.Equal("Disable or Modify Tools", names["T1685"]);
        Assert.Equal("OS Credential Dumping", names["T1003"]);
    }

    [Fact]
    public void Read_MissingFolder_Empty()
    {
        Assert.Empty(AtomicDisplayNames.Read(Path.Combine(Path.GetTempPath(), "no-such-atomics-" + Guid.NewGuid())));
        Assert.Equal(0, NewerTechniqueSource.FromSharedData(null).Count);
    }
}
