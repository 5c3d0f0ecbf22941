using Tessera.Core.Incidents;

namespace Tessera.Infrastructure.Tests.Incidents;

public sealed class IncidentRollupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, AllProviders]
    public async Task AddLookup_AutoRollupOn_AddsTechniquesUnderEveryTacticOnce(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Phishing");

        var lookup = await kit.LookupAsync(incident, "T1566.001", "T1078");
        var again = await kit.Rollup.RecomputeAsync(incident.Id, Ct);

        Assert.Empty(again);
        Assert.Equal([$"T1078=lookup:{lookup.Id}", $"T1566.001=lookup:{lookup.Id}"], await kit.TechniquesAsync(incident.Id));
        // T1078 Valid Accounts sits in four tactics; each placement is one row of the same origin.
        var rows = (await kit.Store.AssociationsAsync(incident.Id, Ct)).Where(a => a.TechniqueId == "T1078").Select(a => a.Tactic);
        Assert.Equal(["defense-evasion", "initial-access", "persistence", "privilege-escalation"], rows.Order(StringComparer.Ordinal));
    }

    [Theory, AllProviders]
    public async Task Recompute_NestedChildren_CarriesGrandchildTechniqueToGrandparent(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var root = await kit.CreateAsync("Campaign");
        var child = await kit.CreateAsync("Host A", root.Id);
        var grandchild = await kit.CreateAsync("Process tree", child.Id);

        await kit.AssociateAsync(grandchild, "credential-access", "T1003.001");

        Assert.Equal(["T1003.001=manual:alice"], await kit.TechniquesAsync(grandchild.Id));
        Assert.Equal([$"T1003.001=child:{grandchild.Id}"], await kit.TechniquesAsync(child.Id));
        Assert.Equal([$"T1003.001=child:{child.Id}"], await kit.TechniquesAsync(root.Id));
    }

    [Theory, AllProviders]
    public async Task RemoveLookup_RolledUpThroughParent_UnrollsEverywhere(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var parent = await kit.CreateAsync("Ransomware");
        var child = await kit.CreateAsync("File server", parent.Id);
        var lookup = await kit.LookupAsync(child, "T1486");
        await kit.AssociateAsync(parent, "impact", "T1486");

        var removed = await kit.Service.RemoveLookupAsync(child.Id, lookup.Id, Ct);

        Assert.True(removed.IsOk);
        Assert.Empty(await kit.TechniquesAsync(child.Id));
        // The analyst's own association on the parent survives; only the child origin goes.
        Assert.Equal(["T1486=manual:alice"], await kit.TechniquesAsync(parent.Id));
    }

    [Theory, AllProviders]
    public async Task RollUp_AutomaticOff_OnlyTheHandRolledLookupIsAssociated(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        await kit.Service.SetRollupSettingsAsync(new RollupSettings { ThreatLookups = false }, Ct);
        var incident = await kit.CreateAsync("Web exploitation");
        var first = await kit.LookupAsync(incident, "T1190");
        await kit.LookupAsync(incident, "T1505.003");
        Assert.Empty(await kit.TechniquesAsync(incident.Id));

        var result = await kit.Service.RollUpAsync(incident.Id, AssociationOrigin.Lookup(first.Id), rolledUp: true, Ct);

        Assert.True(result.IsOk);
        Assert.Equal([$"T1190=lookup:{first.Id}"], await kit.TechniquesAsync(incident.Id));
        Assert.Equal(new RollupChange(incident.Id, AssociationOrigin.Lookup(first.Id), 1, 0), Assert.Single(result.Rollups));
    }

    // QA pass 6: a hand roll-up stayed in incident_rollup_pins after its evidence was gone. Two alerts given by SIEM id
    // from two SIEMs share one origin (id and rule), so its pin goes with the last of them.
    [Theory, AllProviders]
    public async Task DetachAlert_HandRolledUpOriginSharedByTwo_PinGoesWithTheLast(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        await kit.Service.SetRollupSettingsAsync(new RollupSettings { Alerts = false }, Ct);
        var incident = await kit.CreateAsync("Lateral movement");
        var rows = new List<IncidentAlert>();
        foreach (var source in new[] { "splunk", "sentinel" })
        {
            var attached = await kit.Service.AttachAlertAsync(new NewIncidentAlert
            {
                IncidentId = incident.Id, AlertId = "siem-777", Title = "PsExec", Source = source, Rule = "psexec service", Techniques = ["T1570"],
            }, "alice", Ct);
            rows.Add(attached.Value!);
        }

        var origin = AssociationOrigin.Alert(rows[0]);
        Assert.True((await kit.Service.RollUpAsync(incident.Id, origin, rolledUp: true, Ct)).IsOk);

        Assert.True((await kit.Service.DetachAlertAsync(incident.Id, rows[0].Id, Ct)).IsOk);
        Assert.Equal([origin], await kit.Store.PinnedOriginsAsync(incident.Id, Ct));
        Assert.True((await kit.Service.DetachAlertAsync(incident.Id, rows[1].Id, Ct)).IsOk);
        Assert.Empty(await kit.Store.PinnedOriginsAsync(incident.Id, Ct));
    }

    [Theory, AllProviders]
    public async Task RollUp_WithdrawWhileTheKindRollsUpAutomatically_InvalidAndNothingChanges(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Automatic lookup");
        var lookup = await kit.LookupAsync(incident, "T1486");

        var result = await kit.Service.RollUpAsync(incident.Id, AssociationOrigin.Lookup(lookup.Id), rolledUp: false, Ct);

        Assert.Equal("rolls-up-automatically", Assert.Single(result.Errors).Code);
        Assert.Equal([$"T1486=lookup:{lookup.Id}"], await kit.TechniquesAsync(incident.Id));
    }

    [Theory, AllProviders]
    public async Task Update_ChildMovedToAnotherParent_UnrollsFromOldAndRollsIntoNew(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var oldParent = await kit.CreateAsync("Old");
        var newParent = await kit.CreateAsync("New");
        var child = await kit.CreateAsync("Child", oldParent.Id);
        child = await kit.AssociateAsync(child, "execution", "T1059.001");

        var moved = await kit.Service.UpdateAsync(new IncidentUpdate
        {
            Id = child.Id, Version = child.Version, Title = child.Title, Severity = child.Severity, State = child.State, ParentId = newParent.Id,
        }, Ct);

        Assert.True(moved.IsOk, moved.Message);
        Assert.Empty(await kit.TechniquesAsync(oldParent.Id));
        Assert.Equal([$"T1059.001=child:{child.Id}"], await kit.TechniquesAsync(newParent.Id));
    }

    [Theory, AllProviders]
    public async Task ClosedParent_KeepsWhatItWasClosedWith_RefusesNewChildren_CatchesUpWhenReopened(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var parent = await kit.CreateAsync("Ransomware");
        var child = await kit.CreateAsync("File server", parent.Id);
        child = await kit.AssociateAsync(child, "impact", "T1486");
        parent = (await kit.Store.FindAsync(parent.Id, Ct))!;
        var closed = await kit.Service.UpdateAsync(new IncidentUpdate
        {
            Id = parent.Id, Version = parent.Version, Title = parent.Title, Severity = parent.Severity, State = IncidentState.Closed,
        }, Ct);
        Assert.True(closed.IsOk, closed.Message);

        // Evidence changing under a closed incident: its child takes another technique; a new child is refused.
        await kit.AssociateAsync(child, "execution", "T1059.001");
        var refused = await kit.Service.CreateAsync(new NewIncident { Title = "Late host", Severity = IncidentSeverity.Low, ParentId = parent.Id }, Ct);

        Assert.Equal("parent-closed", Assert.Single(refused.Errors).Code);
        Assert.Equal([$"T1486=child:{child.Id}"], await kit.TechniquesAsync(parent.Id));

        parent = closed.Value!;
        var reopened = await kit.Service.UpdateAsync(new IncidentUpdate
        {
            Id = parent.Id, Version = parent.Version, Title = parent.Title, Severity = parent.Severity, State = IncidentState.InProgress,
        }, Ct);

        Assert.True(reopened.IsOk, reopened.Message);
        Assert.Equal([$"T1059.001=child:{child.Id}", $"T1486=child:{child.Id}"], await kit.TechniquesAsync(parent.Id));
    }

    [Theory, AllProviders]
    public async Task Associate_SameTechniqueFromLookupAndAnalyst_IsOneTechniqueWithTwoOrigins(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("PowerShell");
        var lookup = await kit.LookupAsync(incident, "T1059.001");

        incident = await kit.AssociateAsync(incident, "execution", "T1059.001");

        Assert.Equal([$"T1059.001=lookup:{lookup.Id},manual:alice"], await kit.TechniquesAsync(incident.Id));
    }
}
