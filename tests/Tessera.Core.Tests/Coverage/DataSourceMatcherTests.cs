using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Sigma;

namespace Tessera.Core.Tests.Coverage;

public sealed class DataSourceMatcherTests
{
    private static DataSourceEntry Source(string log, string channel = "", params string[] components) => new()
    {
        Id = Guid.NewGuid(), Name = log, LogSources = [new LogSourceRequirement(log, channel)], DataComponents = components,
    };

    [Theory]
    [InlineData("", "EventCode=1", true)]
    [InlineData("EventCode=1, 3", "EventCode=3", true)]
    // 4688 is Security process creation, 1 is Sysmon's: different events, no overlap.
    [InlineData("EventCode=4688", "EventCode=1", false)]
    [InlineData("execve", "EXECVE", true)]
    public void ChannelsOverlap_Channels_Compared(string required, string provided, bool expected) =>
        Assert.Equal(expected, DataSourceMatcher.ChannelsOverlap(required, provided));

    [Fact]
    public void Provides_LinuxProcessSourceForWindowsRule_False()
    {
        var windows = SigmaLogSourceMap.Map(new SigmaLogSource { Product = "windows", Category = "process_creation" });
        var auditd = Source("auditd:SYSCALL", "", "DC0032");

        Assert.False(DataSourceMatcher.Provides(auditd, windows));
        Assert.True(DataSourceMatcher.Provides(Source("WinEventLog:Security", ""), windows));
    }

    [Fact]
    public void Provides_UnmappedLogsourceListedByText_True()
    {
        var ntlm = SigmaLogSourceMap.Map(new SigmaLogSource { Product = "windows", Service = "ntlm" });

        Assert.False(ntlm.IsMapped);
        Assert.True(DataSourceMatcher.Provides(Source("product=windows service=ntlm"), ntlm));
        Assert.False(DataSourceMatcher.Provides(Source("WinEventLog:Security"), ntlm));
    }

    [Fact]
    public void Evaluate_OnlyDroppedProvider_NotMet()
    {
        var requirement = SigmaLogSourceMap.Map(new SigmaLogSource { Product = "windows", Service = "security" });
        var dropped = Source("WinEventLog:Security") with { Status = DataSourceStatus.Dropped };

        Assert.False(new DataSourceMatcher([dropped]).Evaluate(requirement).Met);
    }
}
