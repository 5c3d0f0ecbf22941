using System.Text;
using Tessera.Core.Alerts.Library;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Alerts.Library;

public sealed class AlertLibraryTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private static AlertLibrary NewLibrary(IAlertLibraryStore? store = null) =>
        new(store ?? new InMemoryAlertLibraryStore(), new ManualClock(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)));

    // QA pass 6: repeated decisions grew the lists past the limits an import holds a file to, so the library's own
    // export could no longer be imported. The oldest give way; the entry always passes LibraryJson's checks.
    [Fact]
    public async Task Decisions_BeyondTheImportLimits_KeepTheNewestAndTheExportImportsAgain()
    {
        var library = NewLibrary();
        string[] Ids(int from) => Enumerable.Range(from, 200).Select(i => $"T{1000 + i / 10}.{i % 10 + 1:000}").ToArray();
        const string title = "Sysmon process access burst";

        await library.ConfirmAsync(title, "alice", Ids(0), _ct);
        var entry = await library.ConfirmAsync(title, "bob", Ids(200), _ct);
        await library.CorrectAsync(title, "carol", Ids(400), _ct);
        var corrected = await library.CorrectAsync(title, "dave", Ids(600), _ct);

        Assert.Equal(LibraryJson.MaxTechniques, entry.Confirmed.Count);
        Assert.Equal(Ids(0).Skip(100).Concat(Ids(200)), entry.Confirmed);
        Assert.Equal(LibraryJson.MaxTechniques, corrected.Rejected.Count);
        Assert.Contains(Ids(400)[^1], corrected.Rejected);
        using var export = new MemoryStream();
        await LibraryJson.ExportAsync(library, export, _ct);
        export.Position = 0;
        var reimported = await LibraryJson.ImportAsync(NewLibrary(), export, null, _ct);
        Assert.Empty(reimported.Errors);
        Assert.Equal(1, reimported.Imported);
    }

    [Fact]
    public async Task Find_SameSignatureOtherVersionAndHost_IsExactHit()
    {
        var library = NewLibrary();
        await library.ConfirmAsync("ET EXPLOIT vBulletin 5.2.1 RCE from 10.0.0.5", "alice", ["T1190"], _ct);

        var match = library.Find("ET EXPLOIT vBulletin 5.6.9 RCE from 172.16.0.1");

        Assert.NotNull(match);
        Assert.True(match.Exact);
        Assert.Equal(["T1190"], match.Entry.Confirmed);
    }

    [Fact]
    public async Task Find_ReworkedTitle_IsNearDuplicateWithSimilarity()
    {
        var library = NewLibrary();
        await library.ConfirmAsync("ET EXPLOIT Apache Struts OGNL Remote Code Execution", "alice", ["T1190"], _ct);

        var match = library.Find("ET EXPLOIT Apache Struts OGNL Remote Code Execution Attempt");

        Assert.NotNull(match);
        Assert.False(match.Exact);
        Assert.InRange(match.Similarity, AlertLibrary.NearThreshold, 0.99);
    }

    [Fact]
    public async Task Find_UnrelatedTitle_ReturnsNull()
    {
        var library = NewLibrary();
        await library.ConfirmAsync("ET EXPLOIT Apache Struts OGNL Remote Code Execution", "alice", ["T1190"], _ct);

        Assert.Null(library.Find("Mimikatz credential dumping"));
    }

    [Fact]
    public async Task CorrectAsync_ReplacesConfirmedAndRecordsHistory()
    {
        var store = new InMemoryAlertLibraryStore();
        var library = NewLibrary(store);
        await library.ConfirmAsync("Suspicious PowerShell download", "alice", ["T1059.001"], _ct);

        await library.CorrectAsync("Suspicious PowerShell download", "bob", ["T1105"], _ct, "it is the download that matters");

        var entry = library.Find("Suspicious PowerShell download")!.Entry;
        Assert.Equal(["T1105"], entry.Confirmed);
        Assert.Equal(["T1059.001"], entry.Rejected);
        var history = await store.LoadHistoryAsync(entry.Signature, _ct);
        Assert.Equal([LibraryAction.Confirm, LibraryAction.Correct], history.Select(h => h.Action));
        Assert.Equal("bob", history[^1].Analyst);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), history[^1].At);
    }

    [Fact]
    public async Task ConfirmAsync_MalformedTechnique_Throws()
    {
        var library = NewLibrary();

        await Assert.ThrowsAsync<FormatException>(() => library.ConfirmAsync("x alert", "alice", ["T19"], _ct));
    }

    [Fact]
    public async Task OpenAsync_StoredEntries_AreIndexed()
    {
        var store = new InMemoryAlertLibraryStore();
        await NewLibrary(store).ConfirmAsync("Kerberoasting activity detected", "alice", ["T1558.003"], _ct);

        var reopened = await AlertLibrary.OpenAsync(store, TimeProvider.System, _ct);

        Assert.True(reopened.Find("Kerberoasting activity detected")!.Exact);
    }

    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static LibraryEvent Decision(int minute, string analyst, LibraryAction action, params string[] ids) =>
        new(T0.AddMinutes(minute), analyst, action, ids, "Suspicious service install");

    private static LibraryEntry Entry(string[] confirmed, string[] rejected, params LibraryEvent[] history) => new()
    {
        Signature = "suspicious service install", ExampleTitle = "Suspicious service install",
        Confirmed = confirmed, Rejected = rejected, History = history, Updated = history[^1].At,
    };

    [Fact]
    public void Merge_FileContinuesOurHistory_TakesItsLaterDecisionsAndTechniques()
    {
        var ours = Entry(["T1543.003"], [], Decision(0, "alice", LibraryAction.Confirm, "T1543.003"));
        var file = Entry(["T1569.002"], ["T1543.003"], Decision(0, "alice", LibraryAction.Confirm, "T1543.003"),
            Decision(5, "bob", LibraryAction.Correct, "T1569.002"));

        var merged = AlertLibrary.Merge(ours, file);

        Assert.Equal(["alice", "bob"], merged.History.Select(h => h.Analyst));
        Assert.Equal(["T1569.002"], merged.Confirmed);
        Assert.Equal(["T1543.003"], merged.Rejected);
    }

    [Fact]
    public void Merge_BothWentOnSeparately_TheirNewDecisionsApplyOnTopOfOurs()
    {
        // Ours were migrated in place (T1086 → T1059.001) after Alice's decision; the file knows nothing of that.
        var ours = Entry(["T1059.001", "T1543.003"], [], Decision(0, "alice", LibraryAction.Confirm, "T1086", "T1543.003"));
        var file = Entry(["T1569.002"], [], Decision(3, "carol", LibraryAction.Confirm, "T1569.002"), Decision(4, "dave", LibraryAction.Reject, "T1543.003"));

        var merged = AlertLibrary.Merge(ours, file);

        Assert.Equal(["alice", "carol", "dave"], merged.History.Select(h => h.Analyst));
        Assert.Equal(["T1059.001", "T1569.002"], merged.Confirmed);
        Assert.Equal(["T1543.003"], merged.Rejected);
        Assert.Equal(T0.AddMinutes(4), merged.Updated);
    }

    [Fact]
    public void Merge_FileHoldsNothingNew_OursUnchanged()
    {
        var ours = Entry(["T1569.002"], [], Decision(0, "alice", LibraryAction.Confirm, "T1543.003"), Decision(5, "bob", LibraryAction.Correct, "T1569.002"));
        var older = Entry(["T1543.003"], [], Decision(0, "alice", LibraryAction.Confirm, "T1543.003"));

        Assert.Same(ours, AlertLibrary.Merge(ours, older));
        Assert.Same(ours, AlertLibrary.Merge(ours, ours with { Confirmed = ["T1000"] }));
    }

    [Fact]
    public async Task ExportImport_RoundTrip_KeepsEntriesAndHistory()
    {
        var source = NewLibrary();
        await source.ConfirmAsync("Kerberoasting activity detected", "alice", ["T1558.003"], _ct);
        await source.RejectAsync("Kerberoasting activity detected", "bob", ["T1110"], _ct);
        using var buffer = new MemoryStream();
        await LibraryJson.ExportAsync(source, buffer, _ct);
        buffer.Position = 0;

        var target = NewLibrary();
        var result = await LibraryJson.ImportAsync(target, buffer, null, _ct);

        Assert.True(result.Ok);
        Assert.Equal(1, result.Imported);
        var entry = target.Find("Kerberoasting activity detected")!.Entry;
        Assert.Equal(["T1110"], entry.Rejected);
        Assert.Equal(2, entry.History.Count);
    }

    [Fact]
    public async Task ExportImport_TitleLongerThanTheKeptExample_SameEntryAndStillAnExactHit()
    {
        var library = NewLibrary();
        var title = "Suspicious PowerShell download cradle " + string.Join(' ', Enumerable.Range(0, 300).Select(i => $"arg{i}"));
        Assert.True(title.Length > AlertLibrary.MaxTitle);
        await library.CorrectAsync(title, "alice", ["T1059.001"], _ct);
        using var buffer = new MemoryStream();
        await LibraryJson.ExportAsync(library, buffer, _ct);
        buffer.Position = 0;

        var result = await LibraryJson.ImportAsync(library, buffer, null, _ct);

        Assert.True(result.Ok);
        Assert.Equal(1, library.Count);
        Assert.True(library.Find(title)!.Exact);
        Assert.Single(library.Entries[0].History);
    }

    [Fact]
    public async Task ImportAsync_InvalidTechniqueId_ReportsEntryIndexAndImportsNothing()
    {
        const string json = """
            {"format":"tessera-alert-library","version":1,"entries":[
              {"signature":"a","exampleTitle":"Good alert","confirmed":["T1190"]},
              {"signature":"b","exampleTitle":"Bad alert","confirmed":["T99"]}]}
            """;
        var library = NewLibrary();

        var result = await LibraryJson.ImportAsync(library, new MemoryStream(Encoding.UTF8.GetBytes(json)), null, _ct);

        Assert.False(result.Ok);
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.EntryIndex);
        Assert.Contains("'T99'", error.Message);
        Assert.Equal(0, library.Count);
    }

    [Fact]
    public async Task ImportAsync_EntryBeyondStorageLimits_RefusedNamingEntryAndField()
    {
        var many = string.Join(',', Enumerable.Range(0, 301).Select(i => $"\"T1{i:000}\""));
        var json = $$"""
            {"format":"tessera-alert-library","version":1,"entries":[
              {"signature":"fine","exampleTitle":"fine","confirmed":["T1110"]},
              {"signature":"too many","exampleTitle":"too many","confirmed":[{{many}}]},
              {"signature":"long note","exampleTitle":"long note","history":[{"at":"2026-01-01T00:00:00Z","analyst":"bob","action":"confirm","techniques":["T1110"],"title":"x","note":"{{new string('n', 2001)}}"}]}]}
            """;
        var library = NewLibrary();

        var result = await LibraryJson.ImportAsync(library, new MemoryStream(Encoding.UTF8.GetBytes(json)), null, _ct);

        Assert.Equal(["entry 1: confirmed lists 301 techniques; at most 300", "entry 2: history[0].note has 2,001 characters; at most 2,000"],
            result.Errors.Select(e => e.ToString()));
        Assert.Equal(0, library.Count);
    }

    [Fact]
    public async Task ImportAsync_WrongVersion_IsRejected()
    {
        var json = """{"format":"tessera-alert-library","version":99,"entries":[]}""";

        var result = await LibraryJson.ImportAsync(NewLibrary(), new MemoryStream(Encoding.UTF8.GetBytes(json)), null, _ct);

        Assert.Contains("unsupported version 99", Assert.Single(result.Errors).Message);
    }
}
