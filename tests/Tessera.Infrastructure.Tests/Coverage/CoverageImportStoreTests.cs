using Microsoft.EntityFrameworkCore;
using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Storage;
using Tessera.Tests.Shared;

namespace Tessera.Infrastructure.Tests.Coverage;

/// <summary>A DeTT&amp;CT-style import of data sources and rules: one transaction, serialised against other imports and adds.</summary>
public sealed class CoverageImportStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DataSourceEntry Source(string environment, string name = "Process Creation") => new()
    {
        Id = Guid.NewGuid(), Name = name, Platform = "Windows", Environment = environment, DataComponents = ["DC0032"],
        Quality = new DataQuality(60, 80, 100),
    };

    private static List<DataSourceEntry> Sources() => [.. Enumerable.Range(0, 15).Select(i => Source($"site-{i}"))];

    private static List<RuleImportItem> Rules(params string[] ids) =>
        [.. ids.Select(id => new RuleImportItem(RuleRegistryTests.Rule(id, source: DetectionRuleSource.Other), "dettect.yaml"))];

    // QA: the DeTT&CT import saved each data source on its own before the rules, so a failing rules step left the data
    // sources written. A trigger refuses one rule (a constraint the import cannot know of), after the data sources were sent.
    [Theory, AllProviders]
    public async Task RuleRefusedByTheDatabase_NothingWritten(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.CreateContext())
        {
            foreach (var sql in provider == StorageProvider.Sqlite
                ? ["""CREATE TRIGGER refuse_rule BEFORE INSERT ON detection_rules WHEN NEW."ExternalId" = 'refused' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"""]
                : new[]
                {
                    "CREATE FUNCTION refuse_rule() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$",
                    """CREATE TRIGGER refuse_rule BEFORE INSERT ON detection_rules FOR EACH ROW WHEN (NEW."ExternalId" = 'refused') EXECUTE FUNCTION refuse_rule()""",
                })
            {
                await db.Database.ExecuteSqlRawAsync(sql, Ct);
            }
        }

        await Assert.ThrowsAnyAsync<DbUpdateException>(() => test.Get<ICoverageImportStore>().ImportAsync(Sources(), Rules("a", "b", "refused"), "tester", Ct));

        Assert.Empty(await test.Get<IDataSourceInventory>().ListAsync(Ct));
        Assert.Empty(await test.Get<IRuleRegistry>().ListForCoverageAsync(Ct));
    }

    // QA: eight imports of one file at once: on PostgreSQL some failed on the rules' unique index (500), and the data
    // sources were split between them. Now one adds everything, the others find it; hand-made adds beside them never fail.
    [Theory, AllProviders]
    public async Task SameImportEightTimesAtOnceBesideAdds_OneAddsEverythingNoneFails(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<ICoverageImportStore>();
        var inventory = test.Get<IDataSourceInventory>();
        var ruleIds = Enumerable.Range(0, 20).Select(i => $"dettect:T{1000 + i}:all").ToArray();

        var imports = Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.ImportAsync(Sources(), Rules(ruleIds), "tester", Ct), Ct)).ToList();
        var adds = Enumerable.Range(0, 4).Select(_ => Task.Run(() => inventory.AddAsync(Source("site-7"), "alice", Ct), Ct)).ToList();
        await Task.WhenAll([.. imports.Cast<Task>(), .. adds]);

        var summaries = imports.Select(i => i.Result).ToList();
        var handAdded = adds.Count(a => a.Result.IsSaved);
        Assert.All(adds.Where(a => !a.Result.IsSaved), a => Assert.Equal(SaveStatus.Duplicate, a.Result.Status));
        Assert.Equal([15 - handAdded, 0, 0, 0, 0, 0, 0, 0], summaries.Select(s => s.DataSourcesAdded).OrderDescending());
        Assert.Equal(1, handAdded + (summaries.Any(s => s.DataSourcesAdded == 15) ? 1 : 0));
        Assert.All(summaries, s => Assert.Equal(15, s.DataSourcesAdded + s.DataSourcesSkipped));
        Assert.Equal([new RuleImportSummary(20, 0, 0), .. Enumerable.Repeat(new RuleImportSummary(0, 0, 20), 7)], summaries.Select(s => s.Rules).OrderByDescending(r => r.Created));
        Assert.Equal(15, (await inventory.ListAsync(Ct)).Count);
        Assert.Equal(20, (await test.Get<IRuleRegistry>().ListForCoverageAsync(Ct)).Count);
    }

    [Theory, AllProviders]
    public async Task EntryInventoriedOrRepeated_SkippedEachOtherAdded(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var inventory = test.Get<IDataSourceInventory>();
        await inventory.AddAsync(Source("hq"), "alice", Ct);

        var summary = await test.Get<ICoverageImportStore>().ImportAsync(
            [Source("hq"), Source("branch"), Source("branch"), Source("branch", "Network Traffic Content")], [], "tester", Ct);

        Assert.Equal(new CoverageImportSummary(2, 2, new RuleImportSummary(0, 0, 0)), summary);
        Assert.Equal(["Network Traffic Content/branch", "Process Creation/branch", "Process Creation/hq"],
            (await inventory.ListAsync(Ct)).Select(d => $"{d.Name}/{d.Environment}"));
    }

    [Theory, AllProviders]
    public async Task QualityOutOfRangeOrRepeatedRule_ThrowsAndWritesNothing(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<ICoverageImportStore>();

        await Assert.ThrowsAsync<ArgumentException>(() => store.ImportAsync([Source("hq") with { Quality = new DataQuality(101, 0, 0) }], Rules("a"), null, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ImportAsync([Source("hq")], Rules("a", "a"), null, Ct));

        Assert.Empty(await test.Get<IDataSourceInventory>().ListAsync(Ct));
        Assert.Empty(await test.Get<IRuleRegistry>().ListForCoverageAsync(Ct));
    }
}
