using Tessera.Core.Attack;
using Tessera.Core.Dettect;
using Tessera.Core.Tests.Navigator;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Dettect;

public sealed class DettectMapperTests
{
    private static async Task<T> ReadSample<T>(string file) where T : DettectDocument =>
        Assert.IsType<T>((await DettectReader.ReadFileAsync(SharedData.Combine("dettect", "sample-data", file), TestContext.Current.CancellationToken)).Document);

    [Fact]
    public async Task Map_EndpointTechniques_MapsScoredDetectionsAndVisibility()
    {
        // Counts checked independently with a plain YAML load of the sample: 14 detections >= 1, 330 at -1; 360 visibilities >= 1, 1 at 0.
        var report = DettectMapper.Map(await ReadSample<TechniqueAdministration>("techniques-administration-endpoints.yaml"));

        Assert.Equal(14, report.Mapped.Count(m => m.Target == DettectTarget.DetectionRule));
        Assert.Equal(360, report.Mapped.Count(m => m.Target == DettectTarget.TechniqueVisibility));
        Assert.Contains(report.NotMapped, u => u.Reason.StartsWith("330 detection entries with score -1", StringComparison.Ordinal));
        Assert.Contains(report.NotMapped, u => u.Reason.StartsWith("1 visibility entries with score 0", StringComparison.Ordinal));
        Assert.All(report.Mapped.Where(m => m.Target == DettectTarget.DetectionRule), m => Assert.InRange(m.Value, 1, 5));
    }

    [Fact]
    public async Task Map_MobileTechniques_NamesRuleLocationsAndScope()
    {
        var report = DettectMapper.Map(await ReadSample<TechniqueAdministration>("techniques-administration-mobile.yaml"));

        var rule = Assert.Single(report.Mapped, m => m.Target == DettectTarget.DetectionRule && m.Subject == "T1430.001");
        Assert.Equal(2, rule.Value);
        Assert.Equal(["all"], rule.Scope);
        Assert.Contains("MDM use case B", rule.Detail, StringComparison.Ordinal);
        Assert.True(rule.Line > 0);
    }

    [Fact]
    public async Task Map_TechniquesWithCollection_ReportsUnknownTechniquesInsteadOfDropping()
    {
        var document = await ReadSample<TechniqueAdministration>("techniques-administration-endpoints.yaml");

        var report = DettectMapper.Map(document, TestCollections.Enterprise181());

        Assert.DoesNotContain(report.Mapped, m => m.Subject is not ("T1059" or "T1059.001" or "T1003"));
        Assert.Contains(report.NotMapped, u => u.Subject == "T1001" && u.Reason.Contains("enterprise-attack@18.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Map_EndpointDataSources_MapsQualityAndListsExceptions()
    {
        var report = DettectMapper.Map(await ReadSample<DataSourceAdministration>("data-sources-endpoints.yaml"));

        Assert.Equal(17, report.Mapped.Count);
        Assert.All(report.Mapped, m => Assert.Equal(DettectTarget.DataSourceQuality, m.Target));
        var command = report.Mapped.First(m => m.Subject == "Command Execution");
        Assert.Equal(1, command.Value);
        Assert.Equal(["Windows workstations"], command.Scope);
        Assert.Contains(report.NotMapped, u => u.Subject == "T1557");
    }

    [Fact]
    public async Task Map_DataSourcesWithCollection_FlagsDettectOnlySources()
    {
        var document = await ReadSample<DataSourceAdministration>("data-sources-endpoints.yaml");
        var builder = new AttackCollectionBuilder();
        builder.Add(new DataComponent { StixId = "x-mitre-data-component--1", AttackId = "DC0064", Name = "Command Execution" });
        var collection = builder.Build(new CollectionInfo { Domain = AttackDomain.Enterprise, Version = "17.1", Name = "t", StixVersion = "2.1" });

        var report = DettectMapper.Map(document, collection);

        Assert.Equal(["Command Execution"], report.Mapped.Select(m => m.Subject).Distinct());
        Assert.Contains(report.NotMapped, u => u.Subject == "Internal DNS [DeTT&CT data source]");
    }

    [Fact]
    public async Task Map_Groups_MapsEnabledGroupAndSkipsDisabledOne()
    {
        var report = DettectMapper.Map(await ReadSample<GroupAdministration>("groups.yaml"));

        Assert.Equal(21, report.Mapped.Count);
        Assert.All(report.Mapped, m => Assert.Equal(["Red team / Scenario 1"], m.Scope));
        Assert.Contains(report.NotMapped, u => u.Subject == "Red team / Ransomware" && u.Reason == "group disabled");
        Assert.Contains(report.NotMapped, u => u.Subject == "S0002");
    }
}
