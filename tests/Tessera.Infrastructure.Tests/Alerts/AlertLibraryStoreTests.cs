using Microsoft.EntityFrameworkCore;
using Tessera.Core.Alerts.Library;
using Tessera.Infrastructure.Alerts;

namespace Tessera.Infrastructure.Tests.Alerts;

public sealed class AlertLibraryStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EfAlertLibraryStore Store(TestDatabase test) => new(test.Get<IDbContextFactory<TesseraDbContext>>());

    [Theory, AllProviders]
    public async Task Confirm_ThenReopenLibrary_ExactHitAndHistorySurviveRestart(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var library = await AlertLibrary.OpenAsync(Store(test), test.Time, Ct);
        await library.ConfirmAsync("ET EXPLOIT vBulletin 5.2.1 RCE from 10.0.0.5", "alice", ["T1190"], Ct);
        test.Time.Advance(TimeSpan.FromMinutes(5));
        await library.CorrectAsync("ET EXPLOIT vBulletin 5.3 RCE from 192.168.1.9", "bob", ["T1190", "T1505.003"], Ct, "web shell dropped");

        var reopened = await AlertLibrary.OpenAsync(Store(test), test.Time, Ct);

        var match = reopened.Find("ET EXPLOIT vBulletin 6.0 RCE from 172.16.0.1");
        Assert.NotNull(match);
        Assert.True(match.Exact);
        Assert.Equal(["T1190", "T1505.003"], match.Entry.Confirmed);
        Assert.Equal([("alice", LibraryAction.Confirm), ("bob", LibraryAction.Correct)], match.Entry.History.Select(h => (h.Analyst, h.Action)));
        Assert.Equal("web shell dropped", match.Entry.History[1].Note);
        Assert.Equal(test.Time.GetUtcNow(), match.Entry.Updated);
    }

    // QA: importing a library of more than 32,766 signatures failed on SQLite ("too many SQL variables"): EF 10 sent
    // each key as its own parameter. They now travel as one array parameter.
    [Theory, AllProviders]
    public async Task UpdateAll_MoreSignaturesThanSqliteTakesParameters_EveryEntryStored(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = Store(test);
        var changes = Enumerable.Range(0, 33_000).Select(i => new LibraryChange($"qa sig {i}", _ => new LibraryEntry
        {
            Signature = $"qa sig {i}", ExampleTitle = $"QA sig {i}", Confirmed = ["T1190"], Updated = test.Time.GetUtcNow(),
            History = [new LibraryEvent(test.Time.GetUtcNow(), "alice", LibraryAction.Confirm, ["T1190"], $"QA sig {i}")],
        })).ToList();

        var stored = await store.UpdateAllAsync(changes, Ct);

        Assert.Equal(33_000, stored.Count(e => e.Changed));
        Assert.Equal(["T1190"], (await store.LoadAsync("qa sig 32999", Ct))!.Confirmed);
    }

    [Theory, AllProviders]
    public async Task Import_AnotherTeamsDecisionsOnTheSameSignature_AddedOnTopOfOursNotInstead(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ours = await AlertLibrary.OpenAsync(Store(test), test.Time, Ct);
        await ours.ConfirmAsync("DNS tunnel to rare domain", "alice", ["T1071.004"], Ct);
        await ours.ConfirmAsync("DNS tunnel to rare domain", "bob", ["T1048"], Ct);
        var theirs = await AlertLibrary.OpenAsync(new InMemoryAlertLibraryStore(), test.Time, Ct);
        test.Time.Advance(TimeSpan.FromMinutes(1));
        await theirs.RejectAsync("DNS tunnel to rare domain", "carol", ["T1048"], Ct);
        using var file = new MemoryStream();
        await LibraryJson.ExportAsync(theirs, file, Ct);

        file.Position = 0;
        var result = await LibraryJson.ImportAsync(ours, file, null, Ct);

        Assert.True(result.Ok);
        var stored = await Store(test).LoadAsync("dns tunnel to rare domain", Ct);
        Assert.Equal(["alice", "bob", "carol"], stored!.History.Select(h => h.Analyst));
        Assert.Equal(["T1071.004"], stored.Confirmed);
        Assert.Equal(["T1048"], stored.Rejected);
        Assert.Equal(["alice", "bob", "carol"], ours.Find("DNS tunnel to rare domain")!.Entry.History.Select(h => h.Analyst));
        Assert.Empty(await Store(test).LoadHistoryAsync("never stored", Ct));
    }

    [Theory, AllProviders]
    public async Task Save_LongSignature_StoredUnderHashKey(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = Store(test);
        var signature = string.Join(' ', Enumerable.Range(0, 400).Select(i => "word" + (char)('a' + i % 26)));

        await store.UpdateAsync(signature, _ => Entry(signature, ("alice", LibraryAction.Confirm, "T1685")), Ct);

        var stored = await store.LoadAsync(signature, Ct);
        Assert.Equal(signature, stored!.Signature);
        Assert.Equal(["T1685"], stored.Confirmed);
    }

    [Theory, AllProviders]
    public async Task TwoInstances_DecisionOnAStaleCopy_KeepsTheOtherInstancesDecision(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        // Two server instances on one database: each has its own store (and writer lock) and its own in-memory library.
        var first = await AlertLibrary.OpenAsync(Store(test), test.Time, Ct);
        var second = await AlertLibrary.OpenAsync(Store(test), test.Time, Ct);
        await first.ConfirmAsync("Webshell upload to /uploads", "alice", ["T1505.003"], Ct);
        test.Time.Advance(TimeSpan.FromMinutes(1));

        // Bob's instance has not seen Alice's decision yet.
        Assert.Null(second.Find("Webshell upload to /uploads"));
        await second.ConfirmAsync("Webshell upload to /uploads", "bob", ["T1190"], Ct);

        var stored = await Store(test).LoadAsync("webshell upload to /uploads", Ct);
        Assert.Equal([("alice", "T1505.003"), ("bob", "T1190")], stored!.History.Select(h => (h.Analyst, h.Techniques.Single())));
        Assert.Equal(["T1505.003", "T1190"], stored.Confirmed);
        Assert.Equal(["T1505.003", "T1190"], second.Find("Webshell upload to /uploads")!.Entry.Confirmed);
    }

    [Theory, AllProviders]
    public async Task Refresh_PicksUpWhatAnotherInstanceStoredAndNothingTwice(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var first = await AlertLibrary.OpenAsync(Store(test), test.Time, Ct);
        var second = await AlertLibrary.OpenAsync(Store(test), test.Time, Ct);
        await first.ConfirmAsync("Suspicious certutil download", "alice", ["T1105"], Ct);
        await first.ConfirmAsync("Kerberoasting ticket request", "alice", ["T1558.003"], Ct);

        var picked = await second.RefreshAsync(Ct);
        var again = await second.RefreshAsync(Ct);
        await first.CorrectAsync("Suspicious certutil download", "alice", ["T1105", "T1140"], Ct);
        var corrected = await second.RefreshAsync(Ct);
        var settled = (await second.RefreshAsync(Ct), await second.RefreshAsync(Ct));

        Assert.Equal((2, 0, 1, (0, 0)), (picked, again, corrected, settled));
        Assert.Equal(["T1105", "T1140"], second.Find("Suspicious certutil download")!.Entry.Confirmed);
        Assert.Equal(["T1558.003"], second.Find("Kerberoasting ticket request")!.Entry.Confirmed);
    }

    [Theory, AllProviders]
    public async Task Refresh_EntryImportedWithoutHistory_ReachesAnotherInstanceAtItsNextRefresh(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var importing = await AlertLibrary.OpenAsync(Store(test), test.Time, Ct);
        var other = await AlertLibrary.OpenAsync(Store(test), test.Time, Ct);
        // Earlier decisions, so the other instance's refresh cursor is past the start (a cursor of 0 reads everything).
        await importing.ConfirmAsync("Suspicious certutil download", "alice", ["T1105"], Ct);
        await other.RefreshAsync(Ct);
        await other.RefreshAsync(Ct);
        const string file = """
            {"format":"tessera-alert-library","version":1,"entries":[
              {"signature":"rare parent process for lsass","exampleTitle":"Rare parent process for LSASS","confirmed":["T1003.001"],
               "rejected":[],"updated":"2026-11-01T10:00:00+00:00","history":[]}]}
            """;

        var result = await LibraryJson.ImportAsync(importing, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(file)), null, Ct);
        var picked = await other.RefreshAsync(Ct);

        Assert.True(result.Ok, string.Join("; ", result.Errors));
        Assert.Equal(1, picked);
        var entry = other.Find("Rare parent process for LSASS")!.Entry;
        Assert.Equal(["T1003.001"], entry.Confirmed);
        Assert.Empty(entry.History);
        // A later decision on it is a newer revision and replaces the imported copy the other instance holds.
        await importing.RejectAsync("Rare parent process for LSASS", "alice", ["T1003.001"], Ct);
        Assert.Equal(1, await other.RefreshAsync(Ct));
        Assert.Equal(["T1003.001"], other.Find("Rare parent process for LSASS")!.Entry.Rejected);
    }

    [Theory, AllProviders]
    public async Task Import_OfAnOlderCopy_LibraryKeepsShowingTheLaterDecision(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var library = await AlertLibrary.OpenAsync(Store(test), test.Time, Ct);
        await library.ConfirmAsync("Kerberoasting activity detected", "alice", ["T1558.003"], Ct);
        using var exported = new MemoryStream();
        await LibraryJson.ExportAsync(library, exported, Ct);
        test.Time.Advance(TimeSpan.FromMinutes(1));
        await library.RejectAsync("Kerberoasting activity detected", "bob", ["T1558.003"], Ct);

        exported.Position = 0;
        var result = await LibraryJson.ImportAsync(library, exported, null, Ct);

        Assert.True(result.Ok);
        var shown = library.Find("Kerberoasting activity detected")!.Entry;
        Assert.Equal((2, 1), (shown.History.Count, shown.Rejected.Count));
        Assert.Equal(2, (await Store(test).LoadAsync(shown.Signature, Ct))!.History.Count);
    }

    // Importing the same file again used to store every entry anew (a change row each), so other instances re-read them
    // and the import reported them as imported; now nothing is written and they count as unchanged.
    [Theory, AllProviders]
    public async Task Import_SameFileAgain_NothingWrittenAndEveryEntryUnchanged(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var library = await AlertLibrary.OpenAsync(Store(test), test.Time, Ct);
        var other = await AlertLibrary.OpenAsync(Store(test), test.Time, Ct);
        const string file = """
            {"format":"tessera-alert-library","version":1,"entries":[
              {"exampleTitle":"Kerberoasting activity detected","confirmed":["T1558.003"],
               "history":[{"at":"2026-11-01T10:00:00Z","analyst":"alice","action":"confirm","techniques":["T1558.003"],"title":"Kerberoasting activity detected"}]},
              {"exampleTitle":"Rare parent process for LSASS","confirmed":["T1003.001"]}]}
            """;
        Stream File() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(file));
        var first = await LibraryJson.ImportAsync(library, File(), null, Ct);
        await other.RefreshAsync(Ct);
        await other.RefreshAsync(Ct);
        var cursor = (await Store(test).LoadChangedAsync(0, Ct)).Cursor;

        var again = await LibraryJson.ImportAsync(library, File(), null, Ct);

        Assert.Equal((2, 0), (first.Imported, first.Unchanged));
        Assert.Equal((0, 2), (again.Imported, again.Unchanged));
        Assert.Empty((await Store(test).LoadChangedAsync(cursor, Ct)).Entries);
        Assert.Equal(0, await other.RefreshAsync(Ct));
        Assert.Single((await Store(test).LoadAsync("kerberoasting activity detected", Ct))!.History);
    }

    [Fact]
    public async Task UpdateAll_OneChangeTheDatabaseRefuses_NothingOfTheBatchIsStored()
    {
        // PostgreSQL enforces the 4,000-character technique list (SQLite does not check lengths); LibraryJson refuses such
        // an entry before this point, so this is the last line: a database error mid-import.
        await using var test = await TestDatabase.CreateAsync(StorageProvider.Postgres);
        var store = Store(test);
        var fine = Entry("ssh brute force", ("alice", LibraryAction.Confirm, "T1110"));
        var huge = Entry("dns tunnel", ("bob", LibraryAction.Confirm, "T1071.004")) with
        {
            Confirmed = Enumerable.Range(0, 500).Select(i => $"T1{i % 1000:000}.{i % 100:000}").ToList(),
        };

        await Assert.ThrowsAsync<DbUpdateException>(() => store.UpdateAllAsync([new("ssh brute force", _ => fine), new("dns tunnel", _ => huge)], Ct));

        Assert.Empty((await store.LoadChangedAsync(0, Ct)).Entries);
    }

    [Fact]
    public async Task TwoInstances_DecidingOnOneSignatureAtOnce_EveryDecisionIsStoredInOrder()
    {
        // PostgreSQL only: several instances share a database only there (one SQLite file has one writer).
        await using var test = await TestDatabase.CreateAsync(StorageProvider.Postgres);
        var instances = new[] { await AlertLibrary.OpenAsync(Store(test), test.Time, Ct), await AlertLibrary.OpenAsync(Store(test), test.Time, Ct) };

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            instances[i % 2].ConfirmAsync("DNS tunnel to rare domain", $"analyst{i}", [$"T1{i:000}"], Ct)));

        var stored = await Store(test).LoadAsync("dns tunnel to rare domain", Ct);
        Assert.Equal(20, stored!.History.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"T1{i:000}").Order(), stored.Confirmed.Order());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"analyst{i}").Order(), stored.History.Select(h => h.Analyst).Order());
    }

    private static LibraryEntry Entry(string signature, params (string Analyst, LibraryAction Action, string Technique)[] events)
    {
        var at = new DateTimeOffset(2025, 10, 1, 8, 0, 0, TimeSpan.Zero);
        var history = events.Select((e, i) => new LibraryEvent(at.AddMinutes(i), e.Analyst, e.Action, [e.Technique], signature)).ToList();
        return new LibraryEntry
        {
            Signature = signature,
            ExampleTitle = signature,
            Confirmed = events.Where(e => e.Action != LibraryAction.Reject).Select(e => e.Technique).ToList(),
            Rejected = events.Where(e => e.Action == LibraryAction.Reject).Select(e => e.Technique).ToList(),
            History = history,
            Updated = history[^1].At,
        };
    }
}
