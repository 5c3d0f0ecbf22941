using Tessera.Core.Attack;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Detection.Sigma;
using Tessera.Core.Storage;
using Tessera.Tests.Shared;

namespace Tessera.Infrastructure.Tests.Coverage;

public sealed class RuleRegistryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static DetectionRule Rule(string externalId, string technique = "T1003.001", string title = "LSASS access", string? owner = null,
        string tactic = "credential-access", DetectionRuleSource source = DetectionRuleSource.Sigma) => new()
    {
        Source = source,
        ExternalId = externalId,
        Title = title,
        QueryText = "detection: …",
        Techniques = [TechniqueId.Parse(technique)],
        Tactics = [tactic],
        DataRequirements = [SigmaLogSourceMap.Map(new SigmaLogSource { Product = "windows", Service = "security" })],
        Owner = owner,
    };

    [Theory, AllProviders]
    public async Task Import_SameBatchTwice_SecondChangesNothing(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var registry = test.Get<IRuleRegistry>();
        RuleImportItem[] batch = [new(Rule("a"), "a.yml"), new(Rule("b", "T1059"), "b.yml")];

        var first = await registry.ImportAsync(batch, "tester", Ct);
        var second = await registry.ImportAsync(batch, "tester", Ct);

        Assert.Equal(new RuleImportSummary(2, 0, 0), first);
        Assert.Equal(new RuleImportSummary(0, 0, 2), second);
        Assert.Equal(2, (await registry.ListForCoverageAsync(Ct)).Count);
    }

    [Theory, AllProviders]
    public async Task Import_ChangedContent_UpdatesButKeepsLocalOwnerEnabledAndValidation(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var registry = test.Get<IRuleRegistry>();
        await registry.ImportAsync([new(Rule("a"), "a.yml")], "tester", Ct);
        var stored = (await registry.ListForCoverageAsync(Ct)).Single();
        await registry.EditAsync(stored.Id, stored.Version, new RuleEdit { Owner = "alice", Enabled = false }, "alice", Ct);

        var summary = await registry.ImportAsync([new(Rule("a", "T1003.002", "LSASS access v2", owner: "upstream"), "a.yml")], "tester", Ct);

        Assert.Equal(new RuleImportSummary(0, 1, 0), summary);
        var after = (await registry.GetAsync(stored.Id, Ct))!;
        Assert.Equal(("LSASS access v2", "alice", false), (after.Rule.Title, after.Rule.Owner, after.Rule.Enabled));
        Assert.Equal(["T1003.002"], after.Rule.Techniques.Select(t => t.Value));
        var history = await registry.HistoryAsync(stored.Id, Ct);
        Assert.Equal([RuleChangeKind.Created, RuleChangeKind.OwnerChanged, RuleChangeKind.EnabledChanged, RuleChangeKind.ContentUpdated], history.Select(h => h.Kind));
        Assert.Contains("T1003.001 → T1003.002", history[^1].Summary);
    }

    [Theory, AllProviders]
    public async Task Edit_StaleVersion_Conflict(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var registry = test.Get<IRuleRegistry>();
        var rule = (await registry.AddAsync(Rule("x", source: DetectionRuleSource.Splunk), null, Ct)).Value!;
        await registry.EditAsync(rule.Id, rule.Version, new RuleEdit { Owner = "bob" }, null, Ct);

        var result = await registry.EditAsync(rule.Id, rule.Version, new RuleEdit { Owner = "carol" }, null, Ct);

        Assert.Equal(SaveStatus.Conflict, result.Status);
        Assert.Equal(SaveStatus.Duplicate, (await registry.AddAsync(Rule("x", source: DetectionRuleSource.Splunk), null, Ct)).Status);
    }

    [Theory, AllProviders]
    public async Task Query_OwnerNotTestedSinceAndDataSource_Filters(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var registry = test.Get<IRuleRegistry>();
        await registry.ImportAsync(
        [
            new(Rule("a", owner: "alice"), null),
            new(Rule("b", "T1059", "PowerShell", owner: "alice", tactic: "execution") with
            {
                DataRequirements = [SigmaLogSourceMap.Map(new SigmaLogSource { Product = "windows", Category = "ps_script" })],
            }, null),
            new(Rule("c", owner: "bob"), null),
        ], null, Ct);

        var alice = await registry.QueryAsync(new RuleQuery { Owner = "ALICE", NotTestedSince = test.Time.GetUtcNow().AddDays(-90) }, Ct);
        var security = await registry.QueryAsync(new RuleQuery { DataSource = "WinEventLog:Security" }, Ct);
        var credential = await registry.QueryAsync(new RuleQuery { Tactic = "credential-access", Techniques = [TechniqueId.Parse("T1059")] }, Ct);

        Assert.Equal(2, alice.Total);
        Assert.Equal(["LSASS access", "PowerShell"], alice.Items.Select(r => r.Rule.Title));
        Assert.Equal(["a", "c"], security.Items.Select(r => r.Rule.ExternalId).Order());
        Assert.Equal(3, credential.Total);
        Assert.All(alice.Items, r => Assert.Equal("", r.Rule.QueryText));
    }

    // QA: ten requests importing the same 30 new rules at once: on PostgreSQL each transaction found them new before any
    // committed, and all but one failed on the unique index on (source, external id), a 500.
    [Theory, AllProviders]
    public async Task Import_SameNewRulesTenTimesAtOnce_OneCreatesTheRestFindThemUnchanged(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var registry = test.Get<IRuleRegistry>();
        List<RuleImportItem> Batch() => Enumerable.Range(0, 30).Select(i => new RuleImportItem(Rule($"rule-{i}"), $"rule-{i}.yml")).ToList();

        var summaries = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => registry.ImportAsync(Batch(), "tester", Ct), Ct)));

        Assert.Equal([new RuleImportSummary(30, 0, 0), .. Enumerable.Repeat(new RuleImportSummary(0, 0, 30), 9)], summaries.OrderByDescending(s => s.Created));
        Assert.Equal(30, (await registry.ListForCoverageAsync(Ct)).Count);
    }

    // A rule added by hand while an import brings the same rule: one of them creates it, the other finds it, none fails.
    [Theory, AllProviders]
    public async Task AddAndImportOfOneRuleAtOnce_StoredOnceNoneFails(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var registry = test.Get<IRuleRegistry>();

        var adds = Enumerable.Range(0, 5).Select(_ => Task.Run(() => registry.AddAsync(Rule("shared"), "alice", Ct), Ct)).ToList();
        var imports = Enumerable.Range(0, 5).Select(_ => Task.Run(() => registry.ImportAsync([new(Rule("shared"), "shared.yml")], "tester", Ct), Ct)).ToList();
        await Task.WhenAll([.. adds, .. imports]);

        var saved = adds.Count(a => a.Result.IsSaved) + imports.Sum(i => i.Result.Created);
        Assert.Equal(1, saved);
        Assert.All(adds.Where(a => !a.Result.IsSaved), a => Assert.Equal(SaveStatus.Duplicate, a.Result.Status));
        Assert.Single(await registry.ListForCoverageAsync(Ct));
    }

    [Theory, AllProviders]
    public async Task ImportSigma_SharedCorpus_EveryRuleStoredOnce(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var parsed = await new SigmaFolderImporter().ImportAsync(SharedData.Combine("sigma"), Ct);

        var result = await new ImportSigmaRulesCommand(test.Get<IRuleRegistry>()).ExecuteAsync(parsed, strict: true, owner: "detection-team", "tester", Ct);
        var again = await new ImportSigmaRulesCommand(test.Get<IRuleRegistry>()).ExecuteAsync(parsed, strict: true, owner: null, "tester", Ct);

        Assert.Equal((3754, 0, new RuleImportSummary(3754, 0, 0)), (result.FilesScanned, result.FilesRejected, result.Saved));
        Assert.Equal(new RuleImportSummary(0, 0, 3754), again.Saved);
        var stealth = await test.Get<IRuleRegistry>().QueryAsync(new RuleQuery { Tactic = "stealth", Take = 1 }, Ct);
        Assert.Equal(1083, stealth.Total);
    }
}
