using Tessera.Core.Incidents;

namespace Tessera.Infrastructure.Tests.Incidents;

public sealed class IncidentServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AssociationRequest Pick(string source, string tactic, params string[] techniques) =>
        new(source, [new TacticSelection(tactic, techniques)]);

    [Theory, AllProviders]
    public async Task Associate_StaleVersion_ConflictWithCurrentStateAndNothingSaved(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Shared");
        var first = await kit.Service.AssociateAsync(incident.Id, incident.Version, [Pick(IncidentKit.Enterprise, "execution", "T1059")], "alice", Ct);

        var second = await kit.Service.AssociateAsync(incident.Id, incident.Version, [Pick(IncidentKit.Enterprise, "discovery", "T1082")], "bob", Ct);

        Assert.Equal(IncidentOutcome.Conflict, second.Outcome);
        Assert.Equal(first.Value!.Version, second.Current!.Version);
        Assert.Equal(["T1059=manual:alice"], await kit.TechniquesAsync(incident.Id));
    }

    [Theory, AllProviders]
    public async Task Store_ChangeAssociationsWithStaleVersion_WritesNothing(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Race");
        await kit.AssociateAsync(incident, "execution", "T1059");

        var result = await kit.Store.ChangeAssociationsAsync(incident.Id, incident.Version, AssociationOrigin.Manual("bob"),
            [new AssociationTarget(IncidentKit.Enterprise, "discovery", "T1082")],
            [new AssociationRemoval(IncidentKit.Enterprise)], "bob", Ct);

        Assert.Equal(SaveStatus.Conflict, result.Status);
        Assert.Equal(["T1059=manual:alice"], await kit.TechniquesAsync(incident.Id));
    }

    [Theory, AllProviders]
    public async Task Associate_BadInputMixedWithGood_InvalidWithEveryErrorAndNothingSaved(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Bad input");
        var revoked = IncidentKit.Collection.Techniques.First(t => t.Revoked && IncidentKit.Collection.FindTechnique(t.AttackId) == t);

        var result = await kit.Service.AssociateAsync(incident.Id, incident.Version,
        [
            // T1059 is valid in execution and would be saved if the call were not all-or-nothing.
            new AssociationRequest(IncidentKit.Enterprise, [
                new TacticSelection("execution", ["T1059", "T9999", "T1003.001"]),
                new TacticSelection("stealth", []),
                new TacticSelection("defense-evasion", [revoked.AttackId]),
            ]),
            Pick(IncidentKit.Inactive, "execution", "T1059"),
        ], "alice", Ct);

        Assert.Equal(IncidentOutcome.Invalid, result.Outcome);
        Assert.Equal(
            ["unknown-technique", "technique-not-in-tactic", "unknown-tactic", "revoked-technique", "inactive-source"],
            result.Errors.Select(e => e.Code));
        Assert.Equal("associations[0].tactics[0].techniques[1]", result.Errors[0].Field);
        Assert.Empty(await kit.TechniquesAsync(incident.Id));
    }

    [Theory, AllProviders]
    public async Task Update_ClosedIncidentTitle_LockedButAssociationsStillChange(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Done");
        var closed = (await kit.Service.UpdateAsync(new IncidentUpdate
        {
            Id = incident.Id, Version = incident.Version, Title = "Done", Severity = incident.Severity, State = IncidentState.Closed,
        }, Ct)).Value!;

        var edit = await kit.Service.UpdateAsync(new IncidentUpdate
        {
            Id = closed.Id, Version = closed.Version, Title = "Renamed", Severity = closed.Severity, State = IncidentState.Closed,
        }, Ct);
        var associated = await kit.AssociateAsync(closed, "impact", "T1486");
        var observable = await kit.Service.AddObservableAsync(new NewObservable(closed.Id, ObservableKind.Ip, "10.0.0.1"), Ct);

        Assert.Equal(IncidentOutcome.Locked, edit.Outcome);
        Assert.Equal(IncidentOutcome.Locked, observable.Outcome);
        Assert.Equal(("Done", IncidentState.Closed), (associated.Title, associated.State));
        Assert.NotNull(associated.ClosedAt);
        Assert.Equal(["T1486=manual:alice"], await kit.TechniquesAsync(closed.Id));
    }

    [Theory, AllProviders]
    public async Task AddObservable_CanonicalValueStored_SameValueInOtherCaseRefused(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Edge device");

        var cve = await kit.Service.AddObservableAsync(new NewObservable(incident.Id, ObservableKind.Cve, " cve-2024-3400 "), Ct);
        var again = await kit.Service.AddObservableAsync(new NewObservable(incident.Id, ObservableKind.Cve, "CVE-2024-3400"), Ct);
        var hash = await kit.Service.AddObservableAsync(new NewObservable(incident.Id, ObservableKind.FileHash, "D41D8CD98F00B204E9800998ECF8427E"), Ct);
        var file = await kit.Service.AddObservableAsync(new NewObservable(incident.Id, ObservableKind.FileName, "Invoice.PDF"), Ct);

        Assert.Equal("CVE-2024-3400", cve.Value!.Value);
        Assert.Equal("duplicate-observable", Assert.Single(again.Errors).Code);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", hash.Value!.Value);
        Assert.Equal("Invoice.PDF", file.Value!.Value);
        Assert.Equal(3, (await kit.Store.ObservablesAsync(incident.Id, Ct)).Count);
    }

    [Theory, AllProviders]
    public async Task Remove_AtEachLevel_RemovesOnlyThatLevel(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Levels");
        await kit.AssociateAsync(incident, "execution", "T1059.001", "T1204.002");
        await kit.AssociateAsync(incident, "credential-access", "T1003.001");
        var current = await kit.AssociateAsync(incident, "discovery", "T1082");

        current = (await kit.Service.RemoveAsync(current.Id, current.Version, new AssociationRemoval(IncidentKit.Enterprise, "execution", "T1204.002"), "alice", Ct)).Value!;
        Assert.Equal(["T1003.001=manual:alice", "T1059.001=manual:alice", "T1082=manual:alice"], await kit.TechniquesAsync(current.Id));

        current = (await kit.Service.RemoveAsync(current.Id, current.Version, new AssociationRemoval(IncidentKit.Enterprise, "credential-access"), "alice", Ct)).Value!;
        Assert.Equal(["T1059.001=manual:alice", "T1082=manual:alice"], await kit.TechniquesAsync(current.Id));

        var last = await kit.Service.RemoveAsync(current.Id, current.Version, new AssociationRemoval(IncidentKit.Enterprise), "alice", Ct);
        Assert.True(last.IsOk);
        Assert.Empty(await kit.TechniquesAsync(current.Id));
    }

    [Theory, AllProviders]
    public async Task Heatmap_FilteredBySeverity_CountsDistinctIncidentsPerTechnique(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var a = await kit.CreateAsync("A", severity: IncidentSeverity.High);
        var b = await kit.CreateAsync("B", severity: IncidentSeverity.High);
        var c = await kit.CreateAsync("C", severity: IncidentSeverity.Low);
        await kit.AssociateAsync(a, "execution", "T1059.001");
        await kit.LookupAsync(a, "T1059.001");
        await kit.AssociateAsync(b, "execution", "T1059.001");
        await kit.AssociateAsync(c, "execution", "T1059.001");
        await kit.AssociateAsync(c, "discovery", "T1082");

        var high = await kit.Store.HeatmapAsync(new HeatmapQuery { Severities = [IncidentSeverity.High] }, Ct);
        var all = await kit.Store.HeatmapAsync(new HeatmapQuery(), Ct);

        Assert.Equal([new HeatmapCell("T1059.001", 2, 3)], high);
        Assert.Equal([new HeatmapCell("T1059.001", 3, 4), new HeatmapCell("T1082", 1, 1)], all);
    }

    [Theory, AllProviders]
    public async Task Heatmap_AfterSeverityChange_FiltersByTheNewSeverity(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.AssociateAsync(await kit.CreateAsync("Escalated", severity: IncidentSeverity.Low), "execution", "T1059");

        await kit.Service.UpdateAsync(new IncidentUpdate
        {
            Id = incident.Id, Version = incident.Version, Title = incident.Title, Severity = IncidentSeverity.Critical, State = IncidentState.Contained,
        }, Ct);

        Assert.Empty(await kit.Store.HeatmapAsync(new HeatmapQuery { Severities = [IncidentSeverity.Low] }, Ct));
        var critical = await kit.Store.HeatmapAsync(new HeatmapQuery { Severities = [IncidentSeverity.Critical], States = [IncidentState.Contained] }, Ct);
        Assert.Equal([new HeatmapCell("T1059", 1, 1)], critical);
    }

    [Theory, AllProviders]
    public async Task Update_ParentCycle_Invalid(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var root = await kit.CreateAsync("Root");
        var child = await kit.CreateAsync("Child", root.Id);

        var result = await kit.Service.UpdateAsync(new IncidentUpdate
        {
            Id = root.Id, Version = root.Version, Title = root.Title, Severity = root.Severity, State = root.State, ParentId = child.Id,
        }, Ct);

        Assert.Equal("parent-cycle", Assert.Single(result.Errors).Code);
    }
}
