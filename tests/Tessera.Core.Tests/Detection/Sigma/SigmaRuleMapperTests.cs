using Tessera.Core.Detection;
using Tessera.Core.Detection.Sigma;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Detection.Sigma;

public sealed class SigmaRuleMapperTests
{
    [Fact]
    public async Task ToDetectionRule_RealRule_CarriesIdsTagsRequirementAndYaml()
    {
        const string relative = "rules/windows/process_creation/proc_creation_win_whoami_all_execution.yml";
        var path = SharedData.Combine("sigma", relative);
        var rule = Assert.Single((await new SigmaRuleParser().ParseFileAsync(path, relative, ct: TestContext.Current.CancellationToken)).Rules);

        var mapped = SigmaRuleMapper.ToDetectionRule(rule);

        Assert.Equal(DetectionRuleSource.Sigma, mapped.Source);
        Assert.Equal("c248c896-e412-4279-8c15-1c558067b6fa", mapped.ExternalId);
        Assert.Equal(["T1033"], mapped.Techniques.Select(t => t.Value));
        Assert.Equal(["discovery"], mapped.Tactics);
        Assert.Equal("medium", mapped.Level);
        Assert.Equal("DC0032", Assert.Single(Assert.Single(mapped.DataRequirements).DataComponents).Id);
        Assert.Equal(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), mapped.QueryText);
        Assert.Equal((true, ValidationStatus.Untested), (mapped.Enabled, mapped.Validation));
        Assert.StartsWith("Florian Roth", mapped.Owner, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deprecated", false, ValidationStatus.Disabled)]
    [InlineData("unsupported", false, ValidationStatus.Disabled)]
    [InlineData("experimental", true, ValidationStatus.Untested)]
    public void ToDetectionRule_Status_SetsEnabledAndValidation(string status, bool enabled, ValidationStatus validation)
    {
        var yaml = $"title: t\nstatus: {status}\nlogsource:\n    product: windows\ndetection:\n    sel:\n        a: b\n    condition: sel\n";
        var rule = Assert.Single(new SigmaRuleParser().Parse(yaml, "x.yml").Rules);

        var mapped = SigmaRuleMapper.ToDetectionRule(rule);

        Assert.Equal((enabled, validation), (mapped.Enabled, mapped.Validation));
        Assert.Equal("sigma:x.yml#0", mapped.ExternalId); // no id in the file
    }
}
