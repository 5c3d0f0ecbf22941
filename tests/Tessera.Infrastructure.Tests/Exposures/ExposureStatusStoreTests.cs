using Tessera.Core.Attack;
using Tessera.Core.Exposures;
using static Tessera.Infrastructure.Tests.Exposures.ExposureTestData;

namespace Tessera.Infrastructure.Tests.Exposures;

/// <summary>The open / resolved / accepted lifecycle and how re-imports treat it.</summary>
public sealed class ExposureStatusStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, AllProviders]
    public async Task ImportAsync_NewExposures_AreOpenWithNoStatusChange(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;

        var all = await store.ListAsync(ExposureQuery.All, Ct);

        Assert.All(all, e => Assert.Equal((ExposureStatus.Open, null, null, null),
            (e.Status, e.StatusReason, e.StatusChangedBy, e.StatusChangedAt)));
    }

    [Theory, AllProviders]
    public async Task SetStatusAsync_ResolveThenAccept_StoresWhoWhenWhyAndFiltersByStatus(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var bleed = await Single(store, "CVE-2023-4966");
        var moveit = await Single(store, "CVE-2023-34362");
        test.Time.Advance(TimeSpan.FromHours(3));

        var resolved = await store.SetStatusAsync(bleed.Id, ExposureStatus.Resolved, "  patched to 14.1-8.50  ", "engineer", Ct);
        var accepted = await store.SetStatusAsync(moveit.Id, ExposureStatus.Accepted, "host isolated; decommissioned in Q3", InNinetyDays(test), "analyst", Ct);

        Assert.Equal((SaveStatus.Saved, ExposureStatus.Resolved, "patched to 14.1-8.50", "engineer", test.Time.GetUtcNow()),
            (resolved.Status, resolved.Value!.Status, resolved.Value.StatusReason, resolved.Value.StatusChangedBy, resolved.Value.StatusChangedAt));
        Assert.Equal(ExposureStatus.Accepted, (await store.FindAsync(moveit.Id, Ct))!.Status);
        Assert.Equal(SaveStatus.Saved, accepted.Status);
        Assert.Equal(["CVE-2021-44228", null], (await store.ListAsync(new ExposureQuery { Status = ExposureStatus.Open }, Ct)).Select(e => e.Exposure.Cve));
        Assert.Equal("CVE-2023-4966", Assert.Single(await store.ListAsync(new ExposureQuery { Status = ExposureStatus.Resolved }, Ct)).Exposure.Cve);
        // Status combines with the other filters.
        Assert.Empty(await store.ListAsync(new ExposureQuery { Status = ExposureStatus.Accepted, Asset = "vpn" }, Ct));
        Assert.Equal(4, (await store.ListAsync(ExposureQuery.All, Ct)).Count);
    }

    // QA: a change sent without a status version still failed (409) when another change landed between its read and
    // its write; without a version nothing was to be checked.
    [Theory, AllProviders]
    public async Task SetStatusAsync_SixUnversionedChangesAtOnce_AllSavedAndTheVersionCountsEach(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var seen = await Single(store, "CVE-2023-4966");

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => i % 2 == 0
            ? store.SetStatusAsync(seen.Id, null, ExposureStatus.Resolved, $"patched, pass {i}", null, "engineer", Ct)
            : store.SetStatusAsync(seen.Id, null, ExposureStatus.Open, $"seen again, pass {i}", null, "scanner", Ct), Ct)));

        Assert.All(results, r => Assert.Equal(SaveStatus.Saved, r.Status));
        Assert.Equal(seen.StatusVersion + 6, (await store.FindAsync(seen.Id, Ct))!.StatusVersion);
    }

    [Theory, AllProviders]
    public async Task SetStatusAsync_OnAStatusVersionAnotherChangeReplaced_ConflictAndTheFirstChangeStays(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var seen = await Single(store, "CVE-2023-4966");
        var resolved = await store.SetStatusAsync(seen.Id, seen.StatusVersion, ExposureStatus.Resolved, "patched", null, "engineer", Ct);

        // An analyst accepting the risk on the page loaded before the engineer's change.
        var late = await store.SetStatusAsync(seen.Id, seen.StatusVersion, ExposureStatus.Accepted, "isolated", InNinetyDays(test), "analyst", Ct);
        var onCurrent = await store.SetStatusAsync(seen.Id, resolved.Value!.StatusVersion, ExposureStatus.Open, "fix did not hold", null, "analyst", Ct);

        Assert.Equal((SaveStatus.Saved, seen.StatusVersion + 1), (resolved.Status, resolved.Value.StatusVersion));
        Assert.Equal(SaveStatus.Conflict, late.Status);
        Assert.Contains("resolved, set by engineer", late.Message);
        Assert.Equal((SaveStatus.Saved, ExposureStatus.Open, "fix did not hold"), (onCurrent.Status, onCurrent.Value!.Status, onCurrent.Value.StatusReason));
    }

    [Theory, AllProviders]
    public async Task ImportAsync_StatusVersion_MovesWhenAnImportReopensNotWhenItOnlyRefreshes(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var bleed = await Single(store, "CVE-2023-4966");
        var log4shell = await Single(store, "CVE-2021-44228");
        var resolved = (await store.SetStatusAsync(bleed.Id, ExposureStatus.Resolved, "patched", "engineer", Ct)).Value!;

        await store.ImportAsync(Read("id,cve,asset,severity,title\nX-1,CVE-2023-4966,vpn-01,high,Citrix Bleed\nF-3,CVE-2021-44228,app-01,high,Log4Shell\n"), "scanner", Ct);

        Assert.Equal(resolved.StatusVersion + 1, (await Single(store, "CVE-2023-4966")).StatusVersion);
        Assert.Equal(log4shell.StatusVersion, (await Single(store, "CVE-2021-44228")).StatusVersion);
    }

    [Theory, AllProviders]
    public async Task SetStatusAsync_BadInput_InvalidNamingTheFieldOrNotFound(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var bleed = await Single(store, "CVE-2023-4966");

        var noReason = await store.SetStatusAsync(bleed.Id, ExposureStatus.Accepted, "   ", InNinetyDays(test), "analyst", Ct);
        var tooLong = await store.SetStatusAsync(bleed.Id, ExposureStatus.Resolved, new string('x', StoredExposure.MaxStatusReasonChars + 1), "analyst", Ct);
        var undefined = await store.SetStatusAsync(bleed.Id, (ExposureStatus)7, "why", "analyst", Ct);
        var missing = await store.SetStatusAsync(Guid.NewGuid(), ExposureStatus.Resolved, null, "analyst", Ct);
        var longest = await store.SetStatusAsync(bleed.Id, ExposureStatus.Resolved, new string('x', StoredExposure.MaxStatusReasonChars), "analyst", Ct);

        Assert.Equal([SaveStatus.Invalid, SaveStatus.Invalid, SaveStatus.Invalid, SaveStatus.NotFound, SaveStatus.Saved],
            [noReason.Status, tooLong.Status, undefined.Status, missing.Status, longest.Status]);
        Assert.StartsWith("reason:", noReason.Message);
        Assert.StartsWith("reason: at most 500 characters (501 given)", tooLong.Message);
        Assert.StartsWith("status:", undefined.Message);
        Assert.Equal(StoredExposure.MaxStatusReasonChars, longest.Value!.StatusReason!.Length);
    }

    [Theory, AllProviders]
    public async Task SetStatusAsync_SameStatusAndReasonAgain_KeepsFirstChange(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var bleed = await Single(store, "CVE-2023-4966");
        var first = (await store.SetStatusAsync(bleed.Id, ExposureStatus.Resolved, "patched", "engineer", Ct)).Value!;
        test.Time.Advance(TimeSpan.FromDays(1));

        var again = (await store.SetStatusAsync(bleed.Id, ExposureStatus.Resolved, "patched", "analyst", Ct)).Value!;
        var reworded = (await store.SetStatusAsync(bleed.Id, ExposureStatus.Resolved, "patched and rebooted", "analyst", Ct)).Value!;

        Assert.Equal((first.StatusChangedAt, "engineer"), (again.StatusChangedAt, again.StatusChangedBy));
        Assert.Equal((test.Time.GetUtcNow(), "analyst"), (reworded.StatusChangedAt, reworded.StatusChangedBy));
    }

    [Theory, AllProviders]
    public async Task ImportAsync_ResolvedSeenAgain_ReopenedByImporterAndSecondImportChangesNothing(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var bleed = await Single(store, "CVE-2023-4966");
        var log4j = await Single(store, "CVE-2021-44228");
        await store.SetStatusAsync(bleed.Id, ExposureStatus.Resolved, "patched", "engineer", Ct);
        await store.SetStatusAsync(log4j.Id, ExposureStatus.Resolved, "library upgraded", "engineer", Ct);
        test.Time.Advance(TimeSpan.FromDays(7));

        // The next scan still sees Citrix Bleed (rescored) and Log4Shell unchanged: both fixes did not hold.
        const string next = """
            id,cve,asset,severity,title,techniques
            X-1,CVE-2023-4966,vpn-01,high,Citrix Bleed,
            F-3,CVE-2021-44228,app-01,high,Log4Shell,T1190
            F-2,CVE-2023-34362,mft-01,9.8,MOVEit Transfer SQL injection,
            """;
        var summary = await store.ImportAsync(Read(next), "scanner", "week-2.csv", Ct);
        var afterFirst = await store.ListAsync(ExposureQuery.All, Ct);
        test.Time.Advance(TimeSpan.FromDays(1));
        var repeat = await store.ImportAsync(Read(next), "scanner", "week-2.csv", Ct);
        var afterSecond = await store.ListAsync(ExposureQuery.All, Ct);

        Assert.Equal(new ExposureStoreSummary(0, 0, 1, 4, 4, Reopened: 2), summary);
        var reopened = await Single(store, "CVE-2023-4966");
        Assert.Equal((ExposureStatus.Open, "seen again in import week-2.csv", "scanner", test.Time.GetUtcNow() - TimeSpan.FromDays(1), "X-1"),
            (reopened.Status, reopened.StatusReason, reopened.StatusChangedBy, reopened.StatusChangedAt, reopened.Exposure.Id));
        Assert.Equal(new ExposureStoreSummary(0, 0, 3, 4, 4, Reopened: 0), repeat);
        Assert.Equal(afterFirst, afterSecond, (a, b) => (a.Id, a.Status, a.StatusChangedAt, a.LastImported) == (b.Id, b.Status, b.StatusChangedAt, b.LastImported));
    }

    // The reopenings come back with the summary, each exposure as it was and as the import left it (manual links
    // included), so the server and the CLI can audit each one as a status change.
    [Theory, AllProviders]
    public async Task ImportAsync_ResolvedSeenAgain_SummaryHoldsEachReopeningBeforeAndAfter(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var bleed = await Single(store, "CVE-2023-4966");
        await store.SetStatusAsync(bleed.Id, ExposureStatus.Resolved, "patched", "engineer", Ct);
        await store.AddTechniqueAsync(bleed.Id, TechniqueId.Parse("T1133"), "engineer", Ct);
        const string next = """
            id,cve,asset,severity,title,techniques
            X-1,CVE-2023-4966,vpn-01,high,Citrix Bleed,
            """;

        var summary = await store.ImportAsync(Read(next), "scanner", "week-2.csv", Ct);
        var repeat = await store.ImportAsync(Read(next), "scanner", "week-2.csv", Ct);

        var reopening = Assert.Single(summary.ReopenedExposures);
        Assert.Equal((bleed.Id, ExposureStatus.Resolved, "patched", "engineer"),
            (reopening.Before.Id, reopening.Before.Status, reopening.Before.StatusReason, reopening.Before.StatusChangedBy));
        Assert.Equal((ExposureStatus.Open, "seen again in import week-2.csv", "scanner", reopening.Before.StatusVersion + 1),
            (reopening.After.Status, reopening.After.StatusReason, reopening.After.StatusChangedBy, reopening.After.StatusVersion));
        Assert.Equal(["T1133"], reopening.After.ManualTechniques.Select(m => m.Technique.Value));
        Assert.Equal(reopening.After.ManualTechniques, reopening.Before.ManualTechniques);
        Assert.Empty(repeat.ReopenedExposures);
    }

    [Theory, AllProviders]
    public async Task ImportAsync_AcceptedSeenAgain_StaysAcceptedWhileValuesUpdate(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var moveit = await Single(store, "CVE-2023-34362");
        var accepted = (await store.SetStatusAsync(moveit.Id, ExposureStatus.Accepted, "air-gapped; replaced in Q3", InNinetyDays(test), "analyst", Ct)).Value!;
        test.Time.Advance(TimeSpan.FromDays(7));

        var summary = await store.ImportAsync(Read("id,cve,asset,severity,title\nY-2,CVE-2023-34362,mft-01,critical,MOVEit (rescored)\n"), "scanner", null, Ct);
        var after = await Single(store, "CVE-2023-34362");

        Assert.Equal(new ExposureStoreSummary(0, 1, 0, 4, 4, Reopened: 0), summary);
        Assert.Equal((ExposureStatus.Accepted, "air-gapped; replaced in Q3", "analyst", accepted.StatusChangedAt),
            (after.Status, after.StatusReason, after.StatusChangedBy, after.StatusChangedAt));
        Assert.Equal("MOVEit (rescored)", after.Exposure.Title);
    }

    [Theory, AllProviders]
    public async Task ImportAsync_ResolvedSeenAgainWithoutSourceName_ReasonSaysAnImport(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var dc = Assert.Single(await store.ListAsync(new ExposureQuery { Asset = "dc-01" }, Ct));
        await store.SetStatusAsync(dc.Id, ExposureStatus.Resolved, null, "engineer", Ct);

        var summary = await store.ImportAsync(Read(Scan), "cli-user", Ct);

        Assert.Equal(1, summary.Reopened);
        Assert.Equal(("seen again in an import", "cli-user"), ((await store.FindAsync(dc.Id, Ct))!.StatusReason, (await store.FindAsync(dc.Id, Ct))!.StatusChangedBy));
    }
}
