using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Dettect;
using Tessera.Core.Tests.Attack;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Coverage;

public sealed class DettectCoverageImportTests(AttackBundlesFixture bundles)
{
    private static async Task<DettectDocument> ReadAsync(string file)
    {
        var read = await DettectReader.ReadFileAsync(SharedData.Combine("dettect", "sample-data", file), TestContext.Current.CancellationToken);
        Assert.True(read.Succeeded, string.Join("; ", read.Issues));
        return read.Document!;
    }

    [Fact]
    public async Task Plan_DataSourceSample_InventoryEntriesWithScaledQuality()
    {
        var plan = DettectCoverageImport.Plan(await ReadAsync("data-sources-endpoints.yaml"), bundles.Enterprise181, Guid.NewGuid);

        var commands = plan.DataSources.Where(d => d.Name == "Command Execution").ToList();
        Assert.NotEmpty(commands);
        Assert.All(plan.DataSources, d => Assert.Matches(@"^DC\d{4}$", Assert.Single(d.DataComponents)));
        var windows = commands.Single(c => c.Environment == "Windows workstations");
        Assert.Equal(("Windows", new DataQuality(20, 20, 20), new DateOnly(2020, 3, 10)), (windows.Platform, windows.Quality, windows.ConnectedOn));
        Assert.Contains(plan.Report.NotMapped, n => n.Reason.StartsWith("not a data component", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plan_TechniqueSample_UntestedRulesDependingOnTechniqueData()
    {
        var plan = DettectCoverageImport.Plan(await ReadAsync("techniques-administration-endpoints.yaml"), bundles.Enterprise181, Guid.NewGuid);

        Assert.NotEmpty(plan.Rules);
        Assert.All(plan.Rules, r =>
        {
            Assert.Equal((DetectionRuleSource.Other, ValidationStatus.Untested), (r.Source, r.Validation));
            Assert.StartsWith("dettect-", r.Level);
        });
        Assert.Equal(plan.Rules.Count, plan.Rules.Select(r => r.ExternalId).Distinct().Count());
        Assert.Contains(plan.Notes, n => n.Contains("visibility scores reported only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plan_GroupSample_PriorityTechniques()
    {
        var plan = DettectCoverageImport.Plan(await ReadAsync("groups.yaml"), bundles.Enterprise181, Guid.NewGuid);

        Assert.NotEmpty(plan.PriorityTechniques);
        Assert.All(plan.PriorityTechniques, id => Assert.NotNull(bundles.Enterprise181.FindTechnique(id)));
    }
}
