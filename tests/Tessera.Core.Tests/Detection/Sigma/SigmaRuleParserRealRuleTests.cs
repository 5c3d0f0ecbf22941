using Tessera.Core.Attack;
using Tessera.Core.Detection.Sigma;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Detection.Sigma;

/// <summary>Real SigmaHQ rules; expected values were read with Python's yaml.safe_load.</summary>
public sealed class SigmaRuleParserRealRuleTests
{
    private static async Task<SigmaRule> ParseSingleAsync(string relative)
    {
        var result = await new SigmaRuleParser().ParseFileAsync(SharedData.Combine("sigma", relative), relative, Path.GetDirectoryName(relative)!.Replace('\\', '/'), TestContext.Current.CancellationToken);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return Assert.Single(result.Rules);
    }

    [Fact]
    public async Task ParseFileAsync_WhoamiAll_ReadsMetadataTagsAndListOfMaps()
    {
        var rule = await ParseSingleAsync("rules/windows/process_creation/proc_creation_win_whoami_all_execution.yml");

        Assert.Equal(Guid.Parse("c248c896-e412-4279-8c15-1c558067b6fa"), rule.Id);
        Assert.Equal("Enumerate All Information With Whoami.EXE", rule.Title);
        Assert.Equal(SigmaStatus.Test, rule.Status);
        Assert.Equal(SigmaLevel.Medium, rule.Level);
        Assert.Equal(new DateOnly(2023, 12, 4), rule.Date);
        Assert.Equal(new DateOnly(2024, 3, 5), rule.Modified);
        Assert.Equal(3, rule.References.Count);
        Assert.Equal("rules/windows/process_creation", rule.RelativeFolder);
        Assert.Equal([TechniqueId.Parse("T1033")], rule.Tags.Techniques);
        Assert.Equal([new SigmaTactic("discovery", TacticRecognition.Known)], rule.Tags.Tactics);
        Assert.Equal(["car.2016-03-001"], rule.Tags.Other);
        Assert.Equal("windows", rule.LogSource.Product);
        Assert.Equal("process_creation", rule.LogSource.Category);

        Assert.Equal(["all of selection_main_*"], rule.Detection.Conditions);
        var img = rule.Detection.Searches[0];
        Assert.Equal(("selection_main_img", SigmaSearchKind.ListOfMaps, 20), (img.Name, img.Kind, img.Line));
        Assert.Equal(2, img.Groups.Count);
        var endswith = Assert.Single(img.Groups[0]);
        Assert.Equal(("Image", "endswith", @"\whoami.exe"), (endswith.Field, Assert.Single(endswith.Modifiers), Assert.Single(endswith.Values)));
        var cli = Assert.Single(rule.Detection.Searches[1].Groups[0]);
        Assert.Equal(["contains", "windash"], cli.Modifiers);
        Assert.Equal([" -all"], cli.Values);
    }

    [Fact]
    public async Task ParseFileAsync_Cve20191388_KeepsCveAndDetectionTags()
    {
        var rule = await ParseSingleAsync("rules-emerging-threats/2019/Exploits/CVE-2019-1388/proc_creation_win_exploit_cve_2019_1388.yml");

        Assert.Equal(Guid.Parse("02e0b2ea-a597-428e-b04a-af6a1a403e5c"), rule.Id);
        Assert.Equal(SigmaStatus.Stable, rule.Status);
        Assert.Equal(SigmaLevel.Critical, rule.Level);
        Assert.Equal(["cve.2019-1388", "detection.emerging-threats"], rule.Tags.Other);
        Assert.Equal([TechniqueId.Parse("T1068")], rule.Tags.Techniques);
        Assert.Equal("privilege-escalation", Assert.Single(rule.Tags.Tactics).ShortName);
        Assert.Equal(["selection_img", "selection_rights"], rule.Detection.Searches.Select(s => s.Name));
        Assert.Equal(3, Assert.Single(rule.Detection.Searches[0].Groups).Count);
        var rights = rule.Detection.Searches[1];
        Assert.Equal(SigmaSearchKind.ListOfMaps, rights.Kind);
        Assert.Equal(["System", "S-1-16-16384"], rights.Groups[0][0].Values);
        Assert.Equal(24, rights.Line);
    }

    [Fact]
    public async Task ParseFileAsync_ZeekRdpListener_ReadsCidrValuesAndServiceLogSource()
    {
        var rule = await ParseSingleAsync("rules/network/zeek/zeek_rdp_public_listener.yml");

        Assert.Equal(Guid.Parse("1fc0809e-06bf-4de3-ad52-25e5263b7623"), rule.Id);
        Assert.Equal(new SigmaLogSource { Product = "zeek", Service = "rdp" }, rule.LogSource);
        Assert.Equal(["not selection"], rule.Detection.Conditions);
        var match = Assert.Single(Assert.Single(rule.Detection.Searches).Groups[0]);
        Assert.Equal(("id.orig_h", "cidr"), (match.Field, Assert.Single(match.Modifiers)));
        Assert.Equal(9, match.Values.Count);
        Assert.Equal("::1/128", match.Values[0]);
        Assert.Equal([TechniqueId.Parse("T1021.001")], rule.Tags.Techniques);
        Assert.Empty(rule.Related);
    }

    [Fact]
    public async Task ParseFileAsync_LinuxHistoryTampering_ReadsKeywordsAndFlagsStealthAsNewer()
    {
        var result = await new SigmaRuleParser().ParseFileAsync(
            SharedData.Combine("sigma", "rules/linux/builtin/lnx_shell_clear_cmd_history.yml"), ct: TestContext.Current.CancellationToken);

        var rule = Assert.Single(result.Rules);
        var keywords = Assert.Single(rule.Detection.Searches);
        Assert.Equal(SigmaSearchKind.Keywords, keywords.Kind);
        Assert.Equal(15, keywords.Keywords.Count);
        Assert.Equal("cat /dev/null >*sh_history", keywords.Keywords[0]);
        Assert.Equal([new SigmaTactic("stealth", TacticRecognition.NewerRelease)], rule.Tags.Tactics);
        var warning = Assert.Single(rule.Warnings);
        Assert.Equal(Tessera.Core.Detection.DetectionIssueKind.UnknownTactic, warning.Kind);
        Assert.Equal(15, warning.At.Line);
    }
}
