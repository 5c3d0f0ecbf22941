using Microsoft.EntityFrameworkCore;
using Tessera.Core.Alerts.Library;
using Tessera.Core.Attack;
using Tessera.Core.Detection.Registry;
using Tessera.Infrastructure.Alerts;
using Tessera.Infrastructure.Incidents;
using Tessera.Infrastructure.Tests.Coverage;

namespace Tessera.Infrastructure.Tests.Storage;

/// <summary>The reference store reaching into incident associations, rule tags and alert-library entries.</summary>
public sealed class StoredReferenceMigrationTests
{
    private const string V17 = "enterprise-attack@17.1";
    private const string V18 = "enterprise-attack@18.1";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // T1086 (PowerShell) was revoked by T1059.001; T1685 is a v19 ID neither release knows.
    private static TechniqueMigrationPlan Plan(bool unversioned) => new()
    {
        FromCollectionKey = V17,
        ToCollectionKey = V18,
        Migrations = [new TechniqueMigration("T1086", "T1059.001", "revoked-by T1059.001")],
        IncludeUnversioned = unversioned,
        Actor = "admin",
    };

    [Theory, AllProviders]
    public async Task ListStored_EveryKind_ListsIncidentRuleAndLibraryIds(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var seeded = await SeedAsync(test);
        var store = test.Get<ITechniqueReferenceStore>();

        var all = await store.ListStoredAsync(V17, includeUnversioned: true, Ct);
        var versionedOnly = await store.ListStoredAsync(V17, includeUnversioned: false, Ct);

        Assert.Equal(
            [
                (TechniqueReferenceKind.IncidentAssociation, seeded.IncidentId, "T1059.001"),
                (TechniqueReferenceKind.IncidentAssociation, seeded.IncidentId, "T1086"),
                (TechniqueReferenceKind.DetectionRule, seeded.RuleId, "T1086"),
                (TechniqueReferenceKind.DetectionRule, seeded.RuleId, "T1685"),
                (TechniqueReferenceKind.AlertLibraryEntry, seeded.EntryKey, "T1086"),
                (TechniqueReferenceKind.AlertLibraryEntry, seeded.EntryKey, "T1685"),
            ],
            all.Select(r => (r.Kind, r.OwnerId, r.TechniqueId)));
        Assert.All(versionedOnly, r => Assert.Equal(TechniqueReferenceKind.IncidentAssociation, r.Kind));
        Assert.Equal("Phishing wave", all[0].Label);
    }

    [Theory, AllProviders]
    public async Task Migrate_WithUnversioned_RewritesAllThreeStoresAndKeepsOldIds(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var seeded = await SeedAsync(test);
        var store = test.Get<ITechniqueReferenceStore>();
        var otherInstance = await AlertLibrary.OpenAsync(new EfAlertLibraryStore(test.Get<IDbContextFactory<TesseraDbContext>>()), test.Time, Ct);

        var result = await store.MigrateTechniqueReferencesAsync(Plan(unversioned: true), Ct);

        Assert.True(result.Succeeded);
        // Another instance's library sees the rewrite at its next refresh (every 5 s), not only at its 10-minute reload.
        Assert.Equal(1, await otherInstance.RefreshAsync(Ct));
        Assert.Equal(["T1059.001"], otherInstance.Find("PowerShell encoded command on host-1")!.Entry.Confirmed);
        Assert.Equal(
            [
                (TechniqueReferenceKind.IncidentAssociation, "T1086", "T1059.001", true),
                (TechniqueReferenceKind.DetectionRule, "T1086", "T1059.001", false),
                (TechniqueReferenceKind.AlertLibraryEntry, "T1086", "T1059.001", false),
            ],
            result.Changes.Select(c => (c.Kind, c.OldId, c.NewId, c.Merged)));

        // The incident had T1086 and T1059.001 under the same tactic and origin: one association remains, on 18.1.
        await using (var db = test.CreateContext())
        {
            var rows = await db.Set<IncidentTechniqueEntity>().Where(t => t.IncidentId == long.Parse(seeded.IncidentId)).ToListAsync(Ct);
            Assert.Equal([("T1059.001", V18)], rows.Select(r => (r.TechniqueId, r.SourceKey)));
        }

        var rule = (await test.Get<IRuleRegistry>().GetAsync(Guid.Parse(seeded.RuleId), Ct))!;
        Assert.Equal(["T1059.001", "T1685"], rule.Rule.Techniques.Select(t => t.Value));
        Assert.Contains(await test.Get<IRuleRegistry>().HistoryAsync(rule.Id, Ct), h => h.Kind == RuleChangeKind.TechniquesMigrated && h.Actor == "admin");
        var entry = Assert.Single((await new EfAlertLibraryStore(test.Get<IDbContextFactory<TesseraDbContext>>()).LoadChangedAsync(0, Ct)).Entries).Entry;
        Assert.Equal(["T1059.001"], entry.Confirmed);
        Assert.Equal(["T1685"], entry.Rejected);

        var log = Assert.Single(await store.MigrationLogAsync(TechniqueReferenceKind.DetectionRule, seeded.RuleId, Ct));
        Assert.Equal(("T1086", "T1059.001", "revoked-by T1059.001", "admin", test.Time.GetUtcNow()),
            (log.OldTechniqueId, log.NewTechniqueId, log.Reason, log.Actor, log.ChangedAt));
        Assert.Contains("merged", Assert.Single(await store.MigrationLogAsync(TechniqueReferenceKind.IncidentAssociation, seeded.IncidentId, Ct)).Reason);
    }

    [Theory, AllProviders]
    public async Task Migrate_WithoutUnversioned_LeavesRulesAndLibraryAlone(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var seeded = await SeedAsync(test);
        var store = test.Get<ITechniqueReferenceStore>();

        var result = await store.MigrateTechniqueReferencesAsync(Plan(unversioned: false), Ct);

        Assert.Equal([TechniqueReferenceKind.IncidentAssociation], result.Changes.Select(c => c.Kind));
        var rule = (await test.Get<IRuleRegistry>().GetAsync(Guid.Parse(seeded.RuleId), Ct))!;
        Assert.Equal(["T1086", "T1685"], rule.Rule.Techniques.Select(t => t.Value));
        Assert.Empty(await store.ListStoredAsync(V17, includeUnversioned: false, Ct));
    }

    internal sealed record Seeded(string IncidentId, string RuleId, string EntryKey);

    /// <summary>An incident mapped against 17.1 (T1086 and T1059.001), a rule tagged T1086 + T1685, a library entry.</summary>
    internal static async Task<Seeded> SeedAsync(TestDatabase test)
    {
        long incidentId;
        await using (var db = test.CreateContext())
        {
            var incident = new IncidentEntity { Title = "Phishing wave", Severity = "High", State = "Open", CreatedAt = test.Time.GetUtcNow(), UpdatedAt = test.Time.GetUtcNow() };
            db.Add(incident);
            await db.SaveChangesAsync(Ct);
            incidentId = incident.Id;
            foreach (var id in new[] { "T1086", "T1059.001" })
            {
                db.Add(new IncidentTechniqueEntity
                {
                    IncidentId = incident.Id, SourceKey = V17, Tactic = "execution", TechniqueId = id, OriginKind = "manual", OriginRef = "alice",
                    CreatedBy = "alice", CreatedAt = test.Time.GetUtcNow(), IncidentCreatedAt = incident.CreatedAt, IncidentSeverity = "High", IncidentState = "Open",
                });
            }

            await db.SaveChangesAsync(Ct);
        }

        var rule = RuleRegistryTests.Rule("sigma-ps", technique: "T1086", title: "PowerShell download") with
        {
            Techniques = [TechniqueId.Parse("T1086"), TechniqueId.Parse("T1685")],
        };
        var saved = (await test.Get<IRuleRegistry>().AddAsync(rule, "alice", Ct)).Value!;
        var library = await AlertLibrary.OpenAsync(new EfAlertLibraryStore(test.Get<IDbContextFactory<TesseraDbContext>>()), test.Time, Ct);
        await library.ConfirmAsync("PowerShell encoded command on host-1", "alice", ["T1086"], Ct);
        await library.RejectAsync("PowerShell encoded command on host-1", "bob", ["T1685"], Ct);
        await using var read = test.CreateContext();
        var key = await read.Set<AlertLibraryEntryEntity>().Select(e => e.Key).SingleAsync(Ct);
        return new Seeded(incidentId.ToString(System.Globalization.CultureInfo.InvariantCulture), saved.Id.ToString(), key);
    }
}
