using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Tessera.Core.Incidents;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Tests.Incidents;

/// <summary>
/// One observable per incident, kind and value, and one attachment per alert, held by the database: concurrent requests
/// that both pass the service's check cannot both land, and the migration that adds the indexes folds the duplicates
/// such requests left behind.
/// </summary>
public sealed class EvidenceUniquenessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, AllProviders]
    public async Task Store_SameObservableTwice_SecondWritesNothing(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Phishing wave");
        var other = await kit.CreateAsync("Second wave");
        // 2,000 three-byte characters: 6,000 bytes, beyond what a PostgreSQL btree entry holds (hence its md5 index).
        var longName = new string('漢', IncidentLimits.MaxObservableValue);

        var first = await kit.Store.AddObservableAsync(new NewObservable(incident.Id, ObservableKind.Domain, "evil.example"), Ct);
        var second = await kit.Store.AddObservableAsync(new NewObservable(incident.Id, ObservableKind.Domain, "evil.example"), Ct);
        var otherKind = await kit.Store.AddObservableAsync(new NewObservable(incident.Id, ObservableKind.Host, "evil.example"), Ct);
        var otherIncident = await kit.Store.AddObservableAsync(new NewObservable(other.Id, ObservableKind.Domain, "evil.example"), Ct);
        var longFirst = await kit.Store.AddObservableAsync(new NewObservable(incident.Id, ObservableKind.FileName, longName), Ct);
        var longSecond = await kit.Store.AddObservableAsync(new NewObservable(incident.Id, ObservableKind.FileName, longName), Ct);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.NotNull(otherKind);
        Assert.NotNull(otherIncident);
        Assert.NotNull(longFirst);
        Assert.Null(longSecond);
        Assert.Equal(["Domain evil.example", "Host evil.example", $"FileName {longName}"],
            (await kit.Store.ObservablesAsync(incident.Id, Ct)).Select(o => $"{o.Kind} {o.Value}"));
    }

    [Theory, AllProviders]
    public async Task Service_SixConcurrentAddsOfOneObservable_ExactlyOneIsStored(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Phishing wave");

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            kit.Service.AddObservableAsync(new NewObservable(incident.Id, ObservableKind.Ip, "203.0.113.7"), Ct), Ct)));

        Assert.Single(results, r => r.IsOk);
        Assert.All(results.Where(r => !r.IsOk), r => Assert.Equal("duplicate-observable", Assert.Single(r.Errors).Code));
        Assert.Single(await kit.Store.ObservablesAsync(incident.Id, Ct));
    }

    [Theory, AllProviders]
    public async Task Store_SameAlertTwice_SecondWritesNothing(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Credential theft");
        NewIncidentAlert Alert(string id, string source, long? record) => new()
        {
            IncidentId = incident.Id, AlertId = id, Title = "LSASS access", Source = source, Rule = "lsass", AlertRecordId = record,
        };

        var stored = await kit.Store.AttachAlertAsync(Alert("evt-1", "wazuh", 42), Ct);
        var storedAgain = await kit.Store.AttachAlertAsync(Alert("evt-1b", "elastic", 42), Ct);
        var byHand = await kit.Store.AttachAlertAsync(Alert("evt-1", "wazuh", null), Ct);
        var byHandAgain = await kit.Store.AttachAlertAsync(Alert("evt-1", "wazuh", null), Ct);
        var otherSource = await kit.Store.AttachAlertAsync(Alert("evt-1", "suricata", null), Ct);

        Assert.NotNull(stored);
        Assert.Null(storedAgain);
        Assert.NotNull(byHand);
        Assert.Null(byHandAgain);
        Assert.NotNull(otherSource);
        Assert.Equal(["evt-1 wazuh #42", "evt-1 wazuh #", "evt-1 suricata #"],
            (await kit.Store.AlertsAsync(incident.Id, Ct)).Select(a => $"{a.AlertId} {a.Source} #{a.AlertRecordId}"));
    }

    [Theory, AllProviders]
    public async Task Service_FourConcurrentAttachesOfOneAlert_ExactlyOneIsStored(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Credential theft");
        var alert = new NewIncidentAlert
        {
            IncidentId = incident.Id, AlertId = "evt-9", Title = "LSASS access", Source = "wazuh", Rule = "lsass", Techniques = ["T1003.001"],
        };

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => kit.Service.AttachAlertAsync(alert, "alice", Ct), Ct)));

        Assert.Single(results, r => r.IsOk);
        Assert.All(results.Where(r => !r.IsOk), r => Assert.Equal("already-attached", Assert.Single(r.Errors).Code));
        Assert.Single(await kit.Store.AlertsAsync(incident.Id, Ct));
    }

    // A raw alert is ingested before it is attached, so concurrent attaches of one raw alert carry different records
    // and the record index let every one of them land.
    [Theory, AllProviders]
    public async Task Service_FourConcurrentAttachesOfOneRawAlert_ExactlyOneIsStoredPlaceholdersAreNotOneAlert(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Credential theft");
        NewIncidentAlert Raw(string alertId, long record) => new()
        {
            IncidentId = incident.Id, AlertId = alertId, Title = "LSASS access", Source = "wazuh", Rule = "lsass", Techniques = ["T1003.001"],
            AlertRecordId = record, GivenByHand = true,
        };

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => kit.Service.AttachAlertAsync(Raw("evt-9", 100 + i), "alice", Ct), Ct)));
        var placeholders = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(() => kit.Service.AttachAlertAsync(Raw("line-1", 200 + i), "alice", Ct), Ct)));

        Assert.Single(results, r => r.IsOk);
        Assert.All(results.Where(r => !r.IsOk), r => Assert.Equal("already-attached", Assert.Single(r.Errors).Code));
        Assert.All(placeholders, r => Assert.True(r.IsOk));
        Assert.Equal(["evt-9", "line-1", "line-1"], (await kit.Store.AlertsAsync(incident.Id, Ct)).Select(a => a.AlertId).Order(StringComparer.Ordinal));
    }

    [Theory, AllProviders]
    public async Task Migrate_DuplicatesFromBefore_FoldedIntoTheOldestRow(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        long incidentId;
        long[] observableIds;
        await using (var context = db.CreateContext())
        {
            var migrations = context.Database.GetMigrations().ToList();
            var previous = migrations[migrations.FindIndex(m => m.EndsWith("_AddEvidenceUniqueness", StringComparison.Ordinal)) - 1];
            await context.GetService<IMigrator>().MigrateAsync(previous, Ct);
            // SQLite keeps timestamps as UTC ticks (SqliteTesseraDbContext), PostgreSQL as timestamptz.
            var when = new DateTimeOffset(2025, 10, 1, 9, 0, 0, TimeSpan.Zero);
            object at = provider == StorageProvider.Sqlite ? when.UtcTicks : when;
            await context.Database.ExecuteSqlAsync($"""
                INSERT INTO incidents ("Title", "Description", "Severity", "State", "CreatedAt", "UpdatedAt", "Version")
                VALUES ('Phishing wave', '', 'High', 'New', {at}, {at}, 1)
                """, Ct);
            incidentId = await context.Database.SqlQuery<long>($"""SELECT "Id" AS "Value" FROM incidents""").SingleAsync(Ct);
            // Three copies of one observable (three concurrent POSTs) and one other.
            foreach (var value in new[] { "evil.example", "evil.example", "evil.example", "other.example" })
            {
                await context.Database.ExecuteSqlAsync($"""
                    INSERT INTO incident_observables ("IncidentId", "Kind", "Value", "CreatedAt") VALUES ({incidentId}, 'Domain', {value}, {at})
                    """, Ct);
            }

            observableIds = await context.Database.SqlQuery<long>($"""SELECT "Id" AS "Value" FROM incident_observables ORDER BY "Id" """).ToArrayAsync(Ct);
            var (kept, second, third) = (observableIds[0], observableIds[1], observableIds[2]);
            // A lookup about the second copy; roll-ups from the second and third copies (one technique on both); a pin on the third.
            await context.Database.ExecuteSqlAsync($"""
                INSERT INTO incident_lookups ("IncidentId", "ObservableId", "Provider", "Verdict", "Techniques", "CreatedAt")
                VALUES ({incidentId}, {second}, 'VirusTotal', 'malicious', 'T1566.002,T1204.001', {at})
                """, Ct);
            foreach (var (technique, origin) in new[] { ("T1566.002", second), ("T1204.001", second), ("T1566.002", third) })
            {
                var tactic = technique == "T1566.002" ? "initial-access" : "execution";
                var originRef = origin.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.Database.ExecuteSqlAsync($"""
                    INSERT INTO incident_techniques ("IncidentId", "SourceKey", "Tactic", "TechniqueId", "OriginKind", "OriginRef",
                                                     "CreatedBy", "CreatedAt", "IncidentCreatedAt", "IncidentSeverity", "IncidentState")
                    VALUES ({incidentId}, {IncidentKit.Enterprise}, {tactic}, {technique}, 'Observable', {originRef}, 'rollup', {at}, {at}, 'High', 'New')
                    """, Ct);
            }

            var thirdRef = third.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await context.Database.ExecuteSqlAsync($"""
                INSERT INTO incident_rollup_pins ("IncidentId", "OriginKind", "OriginRef") VALUES ({incidentId}, 'Observable', {thirdRef})
                """, Ct);
            // A stored alert attached twice, an alert given by hand attached twice, and one other alert.
            foreach (var (alertId, source, record) in new (string, string, long?)[]
                     { ("evt-1", "wazuh", 42), ("evt-1", "wazuh", 42), ("evt-2", "wazuh", null), ("evt-2", "wazuh", null), ("evt-2", "elastic", null) })
            {
                await context.Database.ExecuteSqlAsync($"""
                    INSERT INTO incident_alerts ("IncidentId", "AlertId", "Title", "Source", "Rule", "Techniques", "AlertRecordId", "CreatedAt")
                    VALUES ({incidentId}, {alertId}, 'LSASS access', {source}, 'lsass', 'T1003.001', {record}, {at})
                    """, Ct);
            }

            Assert.NotEqual(kept, second);
        }

        await StorageInitializer.MigrateAsync(db.Get<IDbContextFactory<TesseraDbContext>>(), Ct);

        var store = db.Get<IIncidentStore>();
        var keptId = observableIds[0];
        Assert.Equal([keptId, observableIds[3]], (await store.ObservablesAsync(incidentId, Ct)).Select(o => o.Id));
        Assert.Equal([keptId], (await store.LookupsAsync(incidentId, Ct)).Select(l => l.ObservableId));
        Assert.Equal([AssociationOrigin.Observable(keptId)], await store.PinnedOriginsAsync(incidentId, Ct));
        Assert.Equal([$"T1204.001 observable:{keptId}", $"T1566.002 observable:{keptId}"],
            (await store.AssociationsAsync(incidentId, Ct)).Select(a => $"{a.TechniqueId} {a.Origin}").Order(StringComparer.Ordinal));
        Assert.Equal(["evt-1 wazuh #42", "evt-2 wazuh #", "evt-2 elastic #"],
            (await store.AlertsAsync(incidentId, Ct)).Select(a => $"{a.AlertId} {a.Source} #{a.AlertRecordId}"));
        // The indexes are in place: the store now refuses the duplicate it used to accept.
        Assert.Null(await store.AddObservableAsync(new NewObservable(incidentId, ObservableKind.Domain, "evil.example"), Ct));
    }
}
