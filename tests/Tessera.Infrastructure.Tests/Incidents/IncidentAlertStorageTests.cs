using Microsoft.EntityFrameworkCore;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Triage;
using Tessera.Core.Enrichment;
using Tessera.Core.Incidents;
using Tessera.Infrastructure.Alerts;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Tests.Incidents;

/// <summary>Alerts from alert triage attached to incidents: stored link, per-alert origin, roll-up through parents, detach.</summary>
public sealed class IncidentAlertStorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<AlertRecord> StoredAlertAsync(TestDatabase db, string title, params (string Id, SuggestionOrigin Origin, double Confidence)[] techniques)
    {
        var mapping = new AlertMapping
        {
            Id = "evt-1", Summary = title, Signature = title.ToLowerInvariant(), Parts = new Core.Alerts.Decomposition.AlertParts(),
            Techniques = techniques.Select(t => new TechniqueSuggestion { Id = t.Id, Confidence = t.Confidence, Origin = t.Origin }).ToList(),
        };
        var store = new EfAlertRecordStore(db.Get<IDbContextFactory<TesseraDbContext>>(), db.Time);
        var stored = await store.AddAsync([new NewAlertRecord
        {
            Alert = Alert.FromTitle(title, "evt-1", "wazuh"), RawJson = "{}", MappingJson = AlertMappingJson.Serialize(mapping),
        }], Ct);
        return stored[0];
    }

    [Theory, AllProviders]
    public async Task AttachAlert_StoredAlertInChild_RollsUpToParentAndUnrollsOnDetach(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var parent = await kit.CreateAsync("Credential theft campaign");
        var child = await kit.CreateAsync("FIN-WS-07", parent.Id);
        var record = await StoredAlertAsync(db, "LSASS access by rundll32", ("T1003.001", SuggestionOrigin.Vendor, 0.9), ("T1055", SuggestionOrigin.Model, 0.4));

        var attached = await kit.Service.AttachAlertAsync(IncidentAlertEvidence.From(child.Id, record), "alice", Ct);

        Assert.True(attached.IsOk, attached.Message);
        Assert.Equal(record.Id, attached.Value!.AlertRecordId);
        Assert.Equal(["T1003.001"], attached.Value.Techniques); // the model's 0.4 is below the threshold
        Assert.Equal([$"T1003.001=alert:#{record.Id} lsass access by rundll32"], await kit.TechniquesAsync(child.Id));
        Assert.Equal([$"T1003.001=child:{child.Id}"], await kit.TechniquesAsync(parent.Id));
        Assert.Equal([child.Id], (await kit.Store.AttachmentsOfAsync([record.Id, 999_999], Ct)).Select(a => a.IncidentId));

        var again = await kit.Service.AttachAlertAsync(IncidentAlertEvidence.From(child.Id, record), "alice", Ct);
        var detached = await kit.Service.DetachAlertAsync(child.Id, attached.Value.Id, Ct);

        Assert.Equal("already-attached", Assert.Single(again.Errors).Code);
        Assert.True(detached.IsOk);
        Assert.Empty(await kit.TechniquesAsync(child.Id));
        Assert.Empty(await kit.TechniquesAsync(parent.Id));
        Assert.Empty(await kit.Store.AttachmentsOfAsync([record.Id], Ct));
    }

    [Theory, AllProviders]
    public async Task RefreshAlert_AnalystDecisionAfterAttach_ReplacesTechniquesThroughTheParent(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var parent = await kit.CreateAsync("Credential theft campaign");
        var child = await kit.CreateAsync("FIN-WS-07", parent.Id);
        var record = await StoredAlertAsync(db, "LSASS access by rundll32", ("T1003.001", SuggestionOrigin.Vendor, 0.9));
        Assert.True((await kit.Service.AttachAlertAsync(IncidentAlertEvidence.From(child.Id, record), "alice", Ct)).IsOk);
        var decided = record with
        {
            MappingJson = AlertMappingJson.Serialize(new AlertMapping
            {
                Id = "evt-1", Summary = record.Title, Signature = record.Title.ToLowerInvariant(), Parts = new Core.Alerts.Decomposition.AlertParts(),
                Techniques = [new TechniqueSuggestion { Id = "T1003.002", Confidence = 0.99, Origin = SuggestionOrigin.Analyst }],
            }),
        };

        var refreshed = await kit.Service.RefreshAlertAsync(decided, Ct);
        var unchanged = await kit.Service.RefreshAlertAsync(decided, Ct);

        var result = Assert.Single(refreshed).Result;
        Assert.True(result.IsOk, result.Message);
        Assert.Equal(["T1003.002"], result.Value!.Techniques);
        Assert.Equal([$"T1003.002=alert:#{record.Id} lsass access by rundll32"], await kit.TechniquesAsync(child.Id));
        Assert.Equal([$"T1003.002=child:{child.Id}"], await kit.TechniquesAsync(parent.Id));
        Assert.Equal(["T1003.002"], Assert.Single(await kit.Store.AlertsAsync(child.Id, Ct)).Techniques);
        Assert.Empty(unchanged);
    }

    [Theory, AllProviders]
    public async Task OpenWithTechnique_ParentAndSubtechnique_OpenIncidentsOnly(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var open = await kit.AssociateAsync(await kit.CreateAsync("LSASS dump"), "credential-access", "T1003.001");
        var parentOnly = await kit.AssociateAsync(await kit.CreateAsync("Credential dumping, method unknown"), "credential-access", "T1003");
        var closed = await kit.AssociateAsync(await kit.CreateAsync("Old dump"), "credential-access", "T1003.001");
        await kit.Service.UpdateAsync(new IncidentUpdate
        {
            Id = closed.Id, Version = closed.Version, Title = closed.Title, Description = "", Severity = closed.Severity, State = IncidentState.Closed,
        }, Ct);
        var lookup = new IncidentTechniqueLookup(kit.Store);

        var byParent = await lookup.OpenWithTechniqueAsync(Core.Attack.TechniqueId.Parse("T1003"), 20, Ct);
        var bySub = await lookup.OpenWithTechniqueAsync(Core.Attack.TechniqueId.Parse("T1003.001"), 20, Ct);

        Assert.Equal([parentOnly.Number, open.Number], byParent.Select(i => i.Id));
        Assert.Equal([open.Number], bySub.Select(i => i.Id));
    }

    [Theory, AllProviders]
    public async Task List_WithoutCount_SameItemsTotalIsPageSize(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        for (var i = 0; i < 3; i++)
        {
            await kit.AssociateAsync(await kit.CreateAsync($"Dump {i}"), "credential-access", "T1003.001");
        }

        var query = new IncidentQuery { TechniqueId = "T1003", IncludeSubtechniques = true, Take = 2 };
        var counted = await kit.Store.ListAsync(query, Ct);
        var uncounted = await kit.Store.ListAsync(query with { CountTotal = false }, Ct);

        Assert.Equal(3, counted.Total);
        Assert.Equal(2, uncounted.Total);
        Assert.Equal(counted.Items.Select(i => i.Id), uncounted.Items.Select(i => i.Id));
    }
}
