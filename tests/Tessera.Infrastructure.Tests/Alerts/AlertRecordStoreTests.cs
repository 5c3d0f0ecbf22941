using Microsoft.EntityFrameworkCore;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Triage;
using Tessera.Core.Storage;
using Tessera.Infrastructure.Alerts;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Tests.Alerts;

public sealed class AlertRecordStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EfAlertRecordStore Store(TestDatabase test) => new(test.Get<IDbContextFactory<TesseraDbContext>>(), test.Time);

    private static NewAlertRecord New(string title, string source = "suricata", string? raw = null) => new()
    {
        Alert = Alert.FromTitle(title, "ext-" + title.Length, source) with { Shape = AlertShape.Suricata },
        RawJson = raw ?? $$"""{"title":"{{title}}"}""",
        MappingJson = """{"id":"x","techniques":[]}""",
    };

    [Theory, AllProviders]
    public async Task Add_Batch_KeepsOrderAndQueryPagesNewestFirst(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = Store(test);
        var added = await store.AddAsync([New("first"), New("second"), New("third")], Ct);

        Assert.Equal(["first", "second", "third"], added.Select(a => a.Title));
        Assert.True(added[0].Id < added[1].Id && added[1].Id < added[2].Id);
        var page = await store.QueryAsync(new AlertRecordQuery { Skip = 1, Take = 1 }, Ct);
        Assert.Equal(3, page.Total);
        Assert.Equal("second", Assert.Single(page.Items).Title);
        Assert.Equal((TriageState.New, AlertShape.Suricata, test.Time.GetUtcNow()), (added[0].State, added[0].Format, added[0].ReceivedAt));
    }

    // QA pass 6: the store cut ID (200), source (64) and search text (1,000) by UTF-16 unit; an emoji across the cut
    // left half a surrogate pair, which PostgreSQL cannot encode: a 500 that lost the whole batch.
    [Theory, AllProviders]
    public async Task Add_EmojiAcrossEveryCut_StoredWithoutHalfACharacter(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var title = new string('s', 999) + "\U0001F600 tail";
        var alert = Alert.FromTitle(title, new string('i', 199) + "\U0001F600", new string('w', 63) + "\U0001F600");

        var added = Assert.Single(await Store(test).AddAsync([New("x") with { Alert = alert }], Ct));

        Assert.Equal((new string('i', 199), new string('w', 63), title), (added.ExternalId, added.Source, added.Title));
        Assert.Equal(added.Id, Assert.Single((await Store(test).QueryAsync(new AlertRecordQuery { Text = "SSSS" }, Ct)).Items).Id);
    }

    // QA pass 6: PostgreSQL refuses a NUL in text with a provider error (a 500 in the API); SQLite stored it. Every save
    // now refuses one on both, naming the column, before anything is written.
    [Theory, AllProviders]
    public async Task Add_TitleWithNul_RefusedNamingTheColumnAndNothingStored(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);

        var refused = await Assert.ThrowsAsync<UnstorableTextException>(() => Store(test).AddAsync([New("fine"), New("nul\0inside", raw: "{}")], Ct));

        Assert.Equal("alerts", refused.Table);
        Assert.Contains(refused.Column, new[] { "Title", "SearchText" }); // the title and its lower-case copy
        Assert.Contains("U+0000 at position 4", refused.Message);
        Assert.Equal(0, (await Store(test).QueryAsync(new AlertRecordQuery(), Ct)).Total);
    }

    [Theory, AllProviders]
    public async Task Query_FiltersByStateSourceAndCaseInsensitiveText(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = Store(test);
        var added = await store.AddAsync([New("ET EXPLOIT vBulletin RCE"), New("sshd brute force", "wazuh"), New("ET SCAN Nmap")], Ct);
        await store.SetTriageAsync(added[2].Id, added[2].Version, TriageState.Rejected, "alice", "{}", Ct);

        Assert.Equal(["ET EXPLOIT vBulletin RCE"], (await store.QueryAsync(new AlertRecordQuery { Text = "VBULLETIN" }, Ct)).Items.Select(a => a.Title));
        Assert.Equal(["sshd brute force"], (await store.QueryAsync(new AlertRecordQuery { Source = "wazuh" }, Ct)).Items.Select(a => a.Title));
        Assert.Equal(["ET SCAN Nmap"], (await store.QueryAsync(new AlertRecordQuery { State = TriageState.Rejected }, Ct)).Items.Select(a => a.Title));
        Assert.Equal(0, (await store.QueryAsync(new AlertRecordQuery { State = TriageState.Corrected }, Ct)).Total);
    }

    [Theory, AllProviders]
    public async Task SetTriage_RecordsAnalystTimeAndNewMapping(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = Store(test);
        var added = await store.AddAsync([New("Mimikatz Command Line")], Ct);
        test.Time.Advance(TimeSpan.FromMinutes(3));

        var triaged = await store.SetTriageAsync(added[0].Id, added[0].Version, TriageState.Corrected, "bob", """{"id":"y"}""", Ct);

        var read = await store.GetAsync(added[0].Id, Ct);
        Assert.Equal((TriageState.Corrected, "bob", test.Time.GetUtcNow(), """{"id":"y"}"""), (read!.State, read.TriagedBy, read.TriagedAt, read.MappingJson));
        Assert.Equal(triaged.Value, read);
        Assert.Equal(added[0].Version + 1, read.Version);
        Assert.Equal(SaveStatus.NotFound, (await store.SetTriageAsync(added[0].Id + 1000, 1, TriageState.Confirmed, "bob", "{}", Ct)).Status);
        Assert.Null(await store.GetAsync(added[0].Id + 1000, Ct));
    }

    [Theory, AllProviders]
    public async Task SetTriage_OnAVersionAnotherDecisionReplaced_ConflictsAndKeepsTheFirstDecision(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = Store(test);
        var seen = (await store.AddAsync([New("Mimikatz Command Line")], Ct))[0];
        Assert.True((await store.SetTriageAsync(seen.Id, seen.Version, TriageState.Confirmed, "alice", """{"id":"a"}""", Ct)).IsSaved);

        // Bob decided on the alert as he loaded it, before Alice's decision landed.
        var late = await store.SetTriageAsync(seen.Id, seen.Version, TriageState.Rejected, "bob", """{"id":"b"}""", Ct);

        Assert.Equal(SaveStatus.Conflict, late.Status);
        var read = await store.GetAsync(seen.Id, Ct);
        Assert.Equal((TriageState.Confirmed, "alice", """{"id":"a"}"""), (read!.State, read.TriagedBy, read.MappingJson));
    }

    [Theory, AllProviders]
    public async Task SetMapping_KeepsTheVersionAndRefusesOnceAnotherDecisionLanded(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = Store(test);
        var added = (await store.AddAsync([New("Mimikatz Command Line")], Ct))[0];
        var claimed = (await store.SetTriageAsync(added.Id, added.Version, TriageState.Confirmed, "alice", added.MappingJson, Ct)).Value!;

        var set = await store.SetMappingAsync(added.Id, claimed.Version, """{"id":"after"}""", Ct);
        Assert.True((await store.SetTriageAsync(added.Id, claimed.Version, TriageState.Rejected, "bob", """{"id":"bob"}""", Ct)).IsSaved);
        var late = await store.SetMappingAsync(added.Id, claimed.Version, """{"id":"late"}""", Ct);

        Assert.Equal((true, false), (set, late));
        var read = await store.GetAsync(added.Id, Ct);
        Assert.Equal((TriageState.Rejected, "bob", """{"id":"bob"}""", claimed.Version + 1), (read!.State, read.TriagedBy, read.MappingJson, read.Version));
        Assert.False(await store.SetMappingAsync(added.Id + 1000, 1, "{}", Ct));
    }

    [Theory, AllProviders]
    public async Task RestoreTriage_PutsBackThePreviousDecisionOnlyFromTheClaimedVersion(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = Store(test);
        var added = (await store.AddAsync([New("Mimikatz Command Line")], Ct))[0];
        var first = (await store.SetTriageAsync(added.Id, added.Version, TriageState.Confirmed, "alice", """{"id":"a"}""", Ct)).Value!;
        test.Time.Advance(TimeSpan.FromMinutes(5));
        var claim = (await store.SetTriageAsync(added.Id, first.Version, TriageState.Rejected, "bob", """{"id":"b"}""", Ct)).Value!;

        var stale = await store.RestoreTriageAsync(first, first.Version, Ct);
        var restored = await store.RestoreTriageAsync(first, claim.Version, Ct);

        Assert.Equal((SaveStatus.Conflict, SaveStatus.Saved), (stale.Status, restored.Status));
        var read = await store.GetAsync(added.Id, Ct);
        Assert.Equal((TriageState.Confirmed, "alice", first.TriagedAt, """{"id":"a"}"""), (read!.State, read.TriagedBy, read.TriagedAt, read.MappingJson));
        Assert.Equal(claim.Version + 1, read.Version);
    }

    [Theory, AllProviders]
    public async Task Add_OversizedRawJson_IsCappedAndFlagged(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var raw = "{\"title\":\"" + new string('a', NewAlertRecord.MaxRawJsonChars) + "\"}";

        var added = await Store(test).AddAsync([New("big", raw: raw)], Ct);

        var read = await Store(test).GetAsync(added[0].Id, Ct);
        Assert.True(read!.RawTruncated);
        Assert.Equal(NewAlertRecord.MaxRawJsonChars, read.RawJson.Length);
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(0, 0)]
    [InlineData(0, AlertRecordQuery.MaxTake + 1)] // pages are capped so one request cannot pull the whole table
    public async Task Query_OutOfRangePaging_Throws(int skip, int take)
    {
        await using var test = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store(test).QueryAsync(new AlertRecordQuery { Skip = skip, Take = take }, Ct));
    }
}
