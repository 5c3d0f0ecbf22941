using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Tests.Storage;

public sealed class WriteLockTests
{
    // Instances of different versions share one PostgreSQL database during a rolling upgrade, so a lock's key may never
    // change: these are the keys each lock was released with.
    [Fact]
    public void Keys_AreTheReleasedOnesAndDistinct()
    {
        Assert.Equal(
            [1414746695L, 1414747730L, 1414743123L, 1414746709L, 1414743384L],
            new[] { WriteLock.CoverageRegressions, WriteLock.ValidationRuns, WriteLock.DataSources, WriteLock.Rules, WriteLock.ExposureImports }
                .Select(l => l.Key));
    }
}
