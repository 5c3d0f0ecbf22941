using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;

namespace Tessera.Core.Tests.Coverage;

public sealed class ManualRuleFactoryTests
{
    [Fact]
    public void Create_SplunkRule_KeepsTagsAndDataSources()
    {
        var (rule, errors) = ManualRuleFactory.Create(new ManualRuleInput
        {
            Source = DetectionRuleSource.Splunk,
            ExternalId = "Kerberoasting - RC4 TGS",
            Title = "Kerberoasting",
            QueryText = "index=wineventlog EventCode=4769 Ticket_Encryption_Type=0x17",
            Techniques = ["t1558.003", "T1685"],
            Tactics = ["Credential-Access"],
            DataSources = ["WinEventLog:Security EventCode=4769", "DC0002"],
            Owner = " soc-team ",
        });

        Assert.Empty(errors);
        Assert.Equal(["T1558.003", "T1685"], rule!.Techniques.Select(t => t.Value));
        Assert.Equal(["credential-access"], rule.Tactics);
        Assert.Equal(new LogSourceRequirement("WinEventLog:Security", "EventCode=4769"), Assert.Single(rule.DataRequirements[0].LogSources));
        Assert.Equal("DC0002", Assert.Single(rule.DataRequirements[0].DataComponents).Id);
        Assert.Equal(("soc-team", ValidationStatus.Untested), (rule.Owner, rule.Validation));
    }

    [Fact]
    public void Create_BadFields_ReportsEveryError()
    {
        var (rule, errors) = ManualRuleFactory.Create(new ManualRuleInput
        {
            Source = DetectionRuleSource.Sigma, Title = "", QueryText = "x", Techniques = ["T12", "TA0006"], Tactics = ["Credential Access"],
        });

        Assert.Null(rule);
        Assert.Equal(["title", "source", "techniques", "techniques", "tactics"], errors.Select(e => e.Field));
    }
}
