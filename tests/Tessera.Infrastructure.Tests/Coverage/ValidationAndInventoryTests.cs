using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Detection.Validation;
using Tessera.Core.Detection.Atomic;
using Tessera.Tests.Shared;

namespace Tessera.Infrastructure.Tests.Coverage;

public sealed class ValidationAndInventoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, AllProviders]
    public async Task Record_DetectedThenMissed_UpdatesRulesWithEvidenceAndHistory(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var registry = test.Get<IRuleRegistry>();
        await registry.ImportAsync([new(RuleRegistryTests.Rule("sigma-1"), null), new(RuleRegistryTests.Rule("sigma-2", "T1003"), null)], null, Ct);
        var store = test.Get<IValidationStore>();
        var at = test.Time.GetUtcNow();
        ValidationRun Run(ValidationOutcome outcome, DateTimeOffset when, params string[] fired) => new()
        {
            Id = Guid.NewGuid(), Source = "api", TestName = "Dump LSASS", Technique = TechniqueId.Parse("T1003.001"), ExecutedAt = when,
            Host = "ws-01", Outcome = outcome, FiredRules = fired,
        };

        var detected = await store.RecordAsync([Run(ValidationOutcome.Detected, at.AddDays(-2), "sigma-1")], Ct);
        var missed = await store.RecordAsync([Run(ValidationOutcome.NotDetected, at)], Ct);

        Assert.Single(detected);
        Assert.Equal(2, missed.Count);
        var rules = (await registry.ListForCoverageAsync(Ct)).ToDictionary(r => r.Rule.ExternalId);
        Assert.Equal((ValidationStatus.TestedFailing, at), (rules["sigma-1"].Rule.Validation, rules["sigma-1"].Rule.LastTested));
        Assert.Contains("did not fire for Dump LSASS (T1003.001) on ws-01", rules["sigma-2"].Evidence);
        Assert.Equal(2, (await registry.HistoryAsync(rules["sigma-1"].Id, Ct)).Count(h => h.Kind == RuleChangeKind.ValidationChanged));
        Assert.Equal(2, (await store.ListAsync(TechniqueId.Parse("T1003.001"), null, 10, Ct)).Count);
        Assert.Single(await store.ListAsync(null, "sigma-1", 10, Ct));
    }

    // QA pass 7: recording the same results again (a log imported twice) stored every run again and rewrote the rules'
    // history. Sub-microsecond ticks: PostgreSQL keeps microseconds, so the stored time comes back rounded.
    [Theory, AllProviders]
    public async Task Record_SameResultsAgain_NothingStoredOrChangedButALaterRunStillCounts(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var registry = test.Get<IRuleRegistry>();
        await registry.ImportAsync([new(RuleRegistryTests.Rule("sigma-1"), null), new(RuleRegistryTests.Rule("sigma-2", "T1003"), null)], null, Ct);
        var store = test.Get<IValidationStore>();
        var at = test.Time.GetUtcNow().AddTicks(7);
        List<ValidationRun> Log(DateTimeOffset when) =>
        [
            new() { Id = Guid.NewGuid(), Source = "atomic-log", TestName = "Dump LSASS", Technique = TechniqueId.Parse("T1003.001"), ExecutedAt = when.AddDays(-1),
                Host = "ws-01", Outcome = ValidationOutcome.Detected, FiredRules = ["sigma-1"], Evidence = "log line 2" },
            new() { Id = Guid.NewGuid(), Source = "atomic-log", TestName = "Dump LSASS", Technique = TechniqueId.Parse("T1003.001"), ExecutedAt = when,
                Host = "ws-01", Outcome = ValidationOutcome.NotDetected, Evidence = "log line 3" },
        ];

        var first = await store.RecordAsync(Log(at), Ct);
        var rules = (await registry.ListForCoverageAsync(Ct)).ToDictionary(r => r.Rule.ExternalId);
        var history = (await registry.HistoryAsync(rules["sigma-2"].Id, Ct)).Count;
        test.Time.Advance(TimeSpan.FromHours(1));
        var again = await store.RecordAsync(Log(at), Ct);
        var later = await store.RecordAsync(Log(at.AddDays(2))[1..], Ct);

        Assert.Equal((2, 0), (first.Count, first.Unchanged));
        Assert.Equal((0, 2), (again.Count, again.Unchanged));
        Assert.Equal((2, 0), (later.Count, later.Unchanged));
        Assert.Equal(3, (await store.ListAsync(TechniqueId.Parse("T1003.001"), null, 10, Ct)).Count);
        Assert.Equal(history + 1, (await registry.HistoryAsync(rules["sigma-2"].Id, Ct)).Count);
        Assert.Equal(at.AddDays(2).UtcTicks / 10, (await registry.ListForCoverageAsync(Ct)).Single(r => r.Rule.ExternalId == "sigma-2").Rule.LastTested!.Value.UtcTicks / 10);
    }

    // One log imported by four requests at once: each transaction found the results new before any committed, and
    // PostgreSQL stored them four times (SQLite's write lock already serialised them).
    [Theory, AllProviders]
    public async Task Record_SameResultsFourTimesAtOnce_StoredOnce(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<IValidationStore>();
        var at = test.Time.GetUtcNow().AddHours(-1);
        List<ValidationRun> Log() =>
        [
            new() { Id = Guid.NewGuid(), Source = "atomic-log", TestName = "Dump LSASS", Technique = TechniqueId.Parse("T1003.001"), ExecutedAt = at,
                Host = "ws-01", Outcome = ValidationOutcome.NotDetected },
            new() { Id = Guid.NewGuid(), Source = "atomic-log", TestName = "Dump SAM", Technique = TechniqueId.Parse("T1003.002"), ExecutedAt = at,
                Host = "ws-01", Outcome = ValidationOutcome.NotDetected },
        ];

        var recordings = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.RecordAsync(Log(), Ct), Ct)));

        Assert.Equal([0, 2, 2, 2], recordings.Select(r => r.Unchanged).Order());
        Assert.Single(await store.ListAsync(TechniqueId.Parse("T1003.001"), null, 10, Ct));
        Assert.Single(await store.ListAsync(TechniqueId.Parse("T1003.002"), null, 10, Ct));
    }

    // QA: ten different runs for one technique posted at once each changed the same rules; on PostgreSQL all but one
    // failed on the rules' concurrency token (a 500) and their runs were lost.
    [Theory, AllProviders]
    public async Task Record_TenDifferentRunsOnOneRuleAtOnce_AllStored(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var registry = test.Get<IRuleRegistry>();
        await registry.ImportAsync([new(RuleRegistryTests.Rule("sigma-1"), null)], null, Ct);
        var store = test.Get<IValidationStore>();
        var at = test.Time.GetUtcNow().AddHours(-1);
        ValidationRun Run(int i) => new()
        {
            Id = Guid.NewGuid(), Source = "api", TestName = $"Dump LSASS {i}", Technique = TechniqueId.Parse("T1003.001"), ExecutedAt = at.AddMinutes(i),
            Host = $"ws-{i}", Outcome = i % 2 == 0 ? ValidationOutcome.Detected : ValidationOutcome.NotDetected, FiredRules = i % 2 == 0 ? ["sigma-1"] : [],
        };

        var recordings = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => store.RecordAsync([Run(i)], Ct), Ct)));

        Assert.All(recordings, r => Assert.Equal(0, r.Unchanged));
        Assert.Equal(10, (await store.ListAsync(TechniqueId.Parse("T1003.001"), null, 20, Ct)).Count);
        // Whatever order they landed in, the rule ends with the newest run (run 9: the rule did not fire).
        var rule = (await registry.ListForCoverageAsync(Ct)).Single().Rule;
        Assert.Equal((ValidationStatus.TestedFailing, at.AddMinutes(9).UtcTicks / 10), (rule.Validation, rule.LastTested!.Value.UtcTicks / 10));
    }

    // QA pass: callers guessed the stored runs as "all but the first Unchanged" and audited ids never stored; the store
    // now says which runs it stored.
    [Theory, AllProviders]
    public async Task Record_RepeatedInBatchOrStoredBefore_StoredRunIdsNameOnlyTheRunsStored(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<IValidationStore>();
        var at = test.Time.GetUtcNow().AddHours(-1);
        ValidationRun Run(string name) => new()
        {
            Id = Guid.NewGuid(), Source = "api", TestName = name, Technique = TechniqueId.Parse("T1003.001"), ExecutedAt = at,
            Host = "ws-01", Outcome = ValidationOutcome.NotDetected,
        };
        var earlier = Run("Dump LSASS");
        await store.RecordAsync([earlier], Ct);
        List<ValidationRun> batch = [Run("Dump LSASS"), Run("Dump SAM"), Run("Dump SAM")];

        var recording = await store.RecordAsync(batch, Ct);

        // The first repeats the run stored before; the third repeats the second within the batch.
        Assert.Equal(2, recording.Unchanged);
        Assert.Equal([batch[1].Id], recording.StoredRunIds);
        Assert.Equal(
            new[] { earlier.Id, batch[1].Id }.Order(),
            (await store.ListAsync(TechniqueId.Parse("T1003.001"), null, 10, Ct)).Select(r => r.Id).Order());
    }

    [Theory, AllProviders]
    public async Task ChangeStatus_Dropped_DatedEventAndVersionChecked(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var inventory = test.Get<IDataSourceInventory>();
        var added = (await inventory.AddAsync(new DataSourceEntry
        {
            Id = Guid.NewGuid(), Name = "Sysmon", Platform = "Windows", Environment = "prod", DataComponents = ["dc0032"],
            LogSources = [new LogSourceRequirement("WinEventLog:Sysmon", "")], Quality = new DataQuality(90, 80, 70),
            RegisteredOn = new DateOnly(2025, 1, 10),
        }, "alice", Ct)).Value!;
        test.Time.Advance(TimeSpan.FromDays(3));
        var droppedAt = test.Time.GetUtcNow().AddDays(-1);

        var changed = await inventory.ChangeStatusAsync(added.Id, added.Version, DataSourceStatus.Dropped, droppedAt, "forwarder removed", "alice", Ct);
        var stale = await inventory.ChangeStatusAsync(added.Id, added.Version, DataSourceStatus.Active, droppedAt, "x", "bob", Ct);

        Assert.Equal((DataSourceStatus.Dropped, droppedAt), (changed.Value!.Status, changed.Value.StatusChangedAt));
        Assert.Equal(["DC0032"], changed.Value.DataComponents);
        Assert.Equal(SaveStatus.Conflict, stale.Status);
        Assert.Equal(["registered", "forwarder removed"], (await inventory.EventsAsync(added.Id, Ct)).Select(e => e.Reason));
        Assert.Equal(SaveStatus.Duplicate, (await inventory.AddAsync(added with { Id = Guid.NewGuid() }, null, Ct)).Status);
    }

    [Theory, AllProviders]
    public async Task Snapshot_RoundTrip_KeepsCountsAndStates(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<ICoverageSnapshotStore>();
        var snapshot = new CoverageSnapshot
        {
            TakenAt = test.Time.GetUtcNow(), CollectionKey = "enterprise-attack@18.1",
            All = new CoverageCounts { Key = "all", Validated = 3, Gap = 7 }, Priority = new CoverageCounts { Key = "priority", Validated = 1 },
            States = new Dictionary<string, CoverageState> { ["T1003"] = CoverageState.Failing }, Note = "manual",
        };

        await store.AddAsync(snapshot with { TakenAt = snapshot.TakenAt.AddDays(-7) }, Ct);
        await store.AddAsync(snapshot, Ct);

        var list = await store.ListAsync("enterprise-attack@18.1", 10, Ct);
        Assert.Equal(2, list.Count);
        Assert.True(list[0].TakenAt < list[1].TakenAt);
        Assert.Equal((3, 10, CoverageState.Failing, CoverageState.Gap), (list[1].All.Validated, list[1].All.Total, list[1].StateOf("T1003"), list[1].StateOf("T1059")));
    }

    [Theory, AllProviders]
    public async Task AtomicCatalogue_Replace_StoresEveryTest(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var read = await AtomicCatalogReader.ReadFolderAsync(SharedData.Combine("atomic-red-team", "atomics"), Ct);
        var store = test.Get<IAtomicTestStore>();

        var count = await store.ReplaceAsync(read.Catalog, Ct);
        await store.ReplaceAsync(read.Catalog, Ct);

        Assert.Equal(read.Catalog.TestCount, count);
        Assert.Equal(read.Catalog.TestCount, (await store.LoadAsync(Ct)).TestCount);
        var lsass = await store.ForTechniqueAsync(TechniqueId.Parse("T1003.001"), Ct);
        Assert.Equal(Enumerable.Range(1, lsass.Count), lsass.Select(t => t.Number));
    }
}
