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

    [Theory, AllProviders]
    public async Task Save_OlderHistoryAfterNewer_IsIgnored(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = Store(test);
        var first = Entry("ssh brute force", ("alice", LibraryAction.Confirm, "T1110"));
        var second = first with
        {
            Confirmed = ["T1110.001"],
            History = [.. first.History, new LibraryEvent(first.Updated.AddMinutes(1), "bob", LibraryAction.Correct, ["T1110.001"], "ssh brute force")],
        };

        // Two analysts' writes finishing out of order: the later decision must not be lost.
        await store.SaveAsync(second, Ct);
        await store.SaveAsync(first, Ct);

        var stored = await store.LoadAsync("ssh brute force", Ct);
        Assert.Equal(["T1110.001"], stored!.Confirmed);
        Assert.Equal(2, (await store.LoadHistoryAsync("ssh brute force", Ct)).Count);
    }

    [Theory, AllProviders]
    public async Task Save_UnrelatedHistory_ReplacesStoredHistory(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = Store(test);
        await store.SaveAsync(Entry("dns tunnel", ("alice", LibraryAction.Confirm, "T1071.004"), ("bob", LibraryAction.Confirm, "T1048")), Ct);

        await store.SaveAsync(Entry("dns tunnel", ("carol", LibraryAction.Reject, "T1048")), Ct);

        var history = await store.LoadHistoryAsync("dns tunnel", Ct);
        Assert.Equal(["carol"], history.Select(h => h.Analyst));
        Assert.Empty(await store.LoadHistoryAsync("never stored", Ct));
        Assert.Single(await store.LoadAllAsync(Ct));
    }

    [Theory, AllProviders]
    public async Task Save_LongSignature_StoredUnderHashKey(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = Store(test);
        var signature = string.Join(' ', Enumerable.Range(0, 400).Select(i => "word" + (char)('a' + i % 26)));

        await store.SaveAsync(Entry(signature, ("alice", LibraryAction.Confirm, "T1685")), Ct);

        var stored = await store.LoadAsync(signature, Ct);
        Assert.Equal(signature, stored!.Signature);
        Assert.Equal(["T1685"], stored.Confirmed);
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
