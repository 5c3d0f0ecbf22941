using Tessera.Core.Audit;
using Tessera.Core.Backlog;
using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Detection.Validation;
using Tessera.Core.Attack;
using Tessera.Core.Storage;
using Tessera.Infrastructure.Tests.Incidents;

namespace Tessera.Infrastructure.Tests.Coverage;

public sealed class CoverageChangeMonitorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, AllProviders]
    public async Task CheckStaleness_ValidationPassesCadence_OneRegressionOneBacklogItemAudited(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var now = test.Time.GetUtcNow();
        // Priority techniques get the 90-day cadence: a pass 80 days ago is validated now and stale in 20 days.
        await new CoverageSettings { PriorityList = ["T1003.001"] }.SaveAsync(test.Get<ISettingsStore>(), Ct);
        await test.Get<IRuleRegistry>().ImportAsync([new(RuleRegistryTests.Rule("sigma-lsass"), "lsass.yml")], "tester", Ct);
        await test.Get<IDataSourceInventory>().AddAsync(new DataSourceEntry
        {
            Id = Guid.NewGuid(), Name = "Windows Security", Platform = "Windows", LogSources = [new LogSourceRequirement("WinEventLog:Security", "")],
        }, "tester", Ct);
        await test.Get<IValidationStore>().RecordAsync([new ValidationRun
        {
            Id = Guid.NewGuid(), Source = "api", TestName = "Dump LSASS", Technique = TechniqueId.Parse("T1003.001"), ExecutedAt = now.AddDays(-80),
            Host = "ws-01", Outcome = ValidationOutcome.Detected, FiredRules = ["sigma-lsass"],
        }], Ct);
        var monitor = test.Get<CoverageChangeMonitor>();

        var first = await monitor.CheckStalenessAsync(IncidentKit.Collection, Ct);
        test.Time.Advance(TimeSpan.FromDays(20));
        var second = await monitor.CheckStalenessAsync(IncidentKit.Collection, Ct);
        var third = await monitor.CheckStalenessAsync(IncidentKit.Collection, Ct);

        Assert.Empty(first.Regressions);
        Assert.True(first.Backlog.IsEmpty);
        var regression = second.Regressions.Single(r => r.Technique.Value == "T1003.001");
        Assert.Equal((CoverageState.Validated, CoverageState.RuleExists, RegressionCause.ValidationStale, "staleness-check"),
            (regression.Before, regression.After, regression.Cause, regression.Trigger));
        var item = Assert.Single(second.Backlog.Create);
        Assert.Equal(("T1003.001", BacklogReason.Stale, "stale: LSASS access"), (item.Technique.Value, item.Reason, item.Detail));
        Assert.Empty(third.Regressions);
        Assert.True(third.Backlog.IsEmpty);
        Assert.Equal(second.Regressions.Count, (await test.Get<ICoverageRegressionStore>().ListAsync(null, 0, 100, Ct)).Total);
        var audit = await test.Get<IAuditLog>().QueryAsync(new AuditQuery { CorrelationId = second.ChangeId.ToString() }, Ct);
        Assert.Equal(["backlog.create", "coverage.regression"], audit.Items.Select(e => e.Event.Action).Order());
    }

    [Theory, AllProviders]
    public async Task Process_TwoChangesThatOverlap_TheDropIsReportedOnce(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var registry = test.Get<IRuleRegistry>();
        await registry.ImportAsync([new(RuleRegistryTests.Rule("sigma-lsass"), "lsass.yml")], "tester", Ct);
        await test.Get<IDataSourceInventory>().AddAsync(new DataSourceEntry
        {
            Id = Guid.NewGuid(), Name = "Windows Security", Platform = "Windows", LogSources = [new LogSourceRequirement("WinEventLog:Security", "")],
        }, "tester", Ct);
        await test.Get<IValidationStore>().RecordAsync([new ValidationRun
        {
            Id = Guid.NewGuid(), Source = "api", TestName = "Dump LSASS", Technique = TechniqueId.Parse("T1003.001"),
            ExecutedAt = test.Time.GetUtcNow().AddDays(-1), Host = "ws-01", Outcome = ValidationOutcome.Detected, FiredRules = ["sigma-lsass"],
        }], Ct);
        var monitor = test.Get<CoverageChangeMonitor>();
        var actor = new AuditActor(AuditActorKind.User, "alice", "alice");

        // Two writes at once (two instances): each captured coverage before either wrote, so each sees the drop.
        var beforeA = await monitor.CaptureAsync(IncidentKit.Collection, Ct);
        var beforeB = await monitor.CaptureAsync(IncidentKit.Collection, Ct);
        var rule = Assert.Single(await registry.ListForCoverageAsync(Ct));
        await registry.EditAsync(rule.Id, rule.Version, new RuleEdit { Enabled = false }, "alice", Ct);
        test.Time.Advance(TimeSpan.FromSeconds(1));
        var a = await monitor.ProcessAsync(beforeA, IncidentKit.Collection, "rule.update", actor, Ct);
        var b = await monitor.ProcessAsync(beforeB, IncidentKit.Collection, "rule.update", actor, Ct);

        Assert.Equal(CoverageState.Validated, beforeB.Techniques.Single(t => t.Id.Value == "T1003.001").State);
        Assert.Equal(["T1003", "T1003.001"], a.Regressions.Select(r => r.Technique.Value));
        Assert.All(a.Regressions, r => Assert.Equal((CoverageState.Validated, CoverageState.Gap, RegressionCause.RuleDisabled), (r.Before, r.After, r.Cause)));
        Assert.Empty(b.Regressions);
        Assert.Equal(2, (await test.Get<ICoverageRegressionStore>().ListAsync(null, 0, 10, Ct)).Total);
        Assert.Equal(1, (await test.Get<IAuditLog>().QueryAsync(new AuditQuery { Action = "coverage.regression" }, Ct)).TotalCount);
    }
}
