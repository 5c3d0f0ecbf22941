using Tessera.Core.Attack;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Runbooks;

namespace Tessera.Core.Tests.Attack;

/// <summary>Tactics entered by hand (hand-entered rules, runbooks) are checked against the loaded releases.</summary>
public sealed class TacticNamesTests(AttackBundlesFixture bundles)
{
    [Theory]
    [InlineData("credential-access", "credential-access")]
    [InlineData(" Credential-Access ", "credential-access")]
    [InlineData("TA0006", "credential-access")]
    [InlineData("ta0104", "execution")] // an ICS tactic ID: every loaded release counts
    [InlineData("inhibit-response-function", "inhibit-response-function")]
    [InlineData("stealth", "stealth")] // v19's split of Defense Evasion is kept, like v19 technique IDs
    [InlineData("TA9999", null)]
    [InlineData("made-up-tactic", null)]
    [InlineData("Credential Access", null)]
    public void Resolve_LoadedReleases_ShortNameOrIdToShortName(string text, string? expected)
    {
        var names = TacticNames.Of([bundles.Enterprise181, bundles.Ics181]);

        Assert.Equal(expected, names.Resolve(text));
    }

    [Fact]
    public void Resolve_NoReleaseLoaded_Enterprise18NamesOnly()
    {
        var names = TacticNames.Of([]);

        Assert.Equal(("execution", null), (names.Resolve("execution"), names.Resolve("TA0002")));
        Assert.StartsWith("'TA0002' is not a tactic of ATT&CK Enterprise 18 (no release is loaded)", names.Unknown("TA0002"), StringComparison.Ordinal);
    }

    [Fact]
    public void CreateManualRule_UnknownTactic_RefusedNamingFieldAndValueWhileV19TechniqueIsKept()
    {
        var names = TacticNames.Of([bundles.Enterprise181]);
        ManualRuleInput Input(params string[] tactics) => new()
        {
            Source = DetectionRuleSource.Splunk, Title = "t", QueryText = "q", Techniques = ["T1685"], Tactics = tactics,
        };

        var (refused, errors) = ManualRuleFactory.Create(Input("TA9999", "execution"), names);
        var (rule, _) = ManualRuleFactory.Create(Input("TA0006", "Stealth"), names);

        Assert.Null(refused);
        var error = Assert.Single(errors);
        Assert.Equal("tactics", error.Field);
        Assert.StartsWith("'TA9999' is not a tactic of the loaded ATT&CK releases (enterprise-attack@18.1)", error.Message, StringComparison.Ordinal);
        Assert.Equal(["credential-access", "stealth"], rule!.Tactics);
        Assert.Equal("T1685", Assert.Single(rule.Techniques).Value);
    }

    [Fact]
    public void RunbookWithTacticOf_TacticIdStoredAsShortNameUnknownRefusedTechniqueUntouched()
    {
        var names = TacticNames.Of([bundles.Enterprise181]);
        RunbookEntry Entry(RunbookScope scope, string target) => new()
        {
            Id = Guid.Empty, Title = "t", Scope = scope, Target = target, Markdown = "", Owner = "soc", Updated = default,
        };

        var byId = Entry(RunbookScope.Tactic, "TA0006").WithTacticOf(names, out _);
        var unknown = Entry(RunbookScope.Tactic, "TA9999").WithTacticOf(names, out var problem);
        var technique = Entry(RunbookScope.Technique, "T1685").WithTacticOf(names, out _);

        Assert.Equal("credential-access", byId!.Target);
        Assert.Null(unknown);
        Assert.StartsWith("target: 'TA9999' is not a tactic of the loaded ATT&CK releases", problem, StringComparison.Ordinal);
        Assert.Equal("T1685", technique!.Target);
    }
}
