using Microsoft.EntityFrameworkCore;
using Tessera.Core.Exposures;
using static Tessera.Infrastructure.Tests.Exposures.ExposureTestData;

namespace Tessera.Infrastructure.Tests.Exposures;

/// <summary>Risk acceptances end on a day: validated on write, judged at read time (SQL on both providers), reopened by a later import.</summary>
public sealed class ExposureAcceptanceExpiryStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today(TestDatabase test) => ExposureStatusRules.Today(test.Time.GetUtcNow());

    // MOVEit accepted until endDay, Citrix Bleed until a later day.
    private static async Task<(StoredExposure MoveIt, StoredExposure Bleed)> AcceptTwoAsync(IExposureStore store, DateOnly endDay, int bleedDaysLater)
    {
        var moveit = await Single(store, "CVE-2023-34362");
        var bleed = await Single(store, "CVE-2023-4966");
        await store.SetStatusAsync(moveit.Id, ExposureStatus.Accepted, "isolated", endDay, "analyst", Ct);
        await store.SetStatusAsync(bleed.Id, ExposureStatus.Accepted, "WAF rule 4412", endDay.AddDays(bleedDaysLater), "analyst", Ct);
        return (moveit, bleed);
    }

    [Theory, AllProviders]
    public async Task SetStatusAsync_AcceptedUntil_StoredWhenValidElseInvalidNamingTheField(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var moveit = await Single(store, "CVE-2023-34362");
        var today = Today(test);

        var noDay = await store.SetStatusAsync(moveit.Id, ExposureStatus.Accepted, "isolated", null, "analyst", Ct);
        var todayItself = await store.SetStatusAsync(moveit.Id, ExposureStatus.Accepted, "isolated", today, "analyst", Ct);
        var tooFar = await store.SetStatusAsync(moveit.Id, ExposureStatus.Accepted, "isolated", today.AddDays(StoredExposure.MaxAcceptanceDays + 1), "analyst", Ct);
        var onResolved = await store.SetStatusAsync(moveit.Id, ExposureStatus.Resolved, "patched", today.AddDays(5), "analyst", Ct);
        var accepted = await store.SetStatusAsync(moveit.Id, ExposureStatus.Accepted, "isolated", today.AddDays(StoredExposure.MaxAcceptanceDays), "analyst", Ct);

        Assert.Equal([SaveStatus.Invalid, SaveStatus.Invalid, SaveStatus.Invalid, SaveStatus.Invalid, SaveStatus.Saved],
            [noDay.Status, todayItself.Status, tooFar.Status, onResolved.Status, accepted.Status]);
        Assert.All([noDay, todayItself, tooFar, onResolved], r => Assert.StartsWith("acceptedUntil:", r.Message));
        Assert.Equal(new DateOnly(2026, 10, 28), (await store.FindAsync(moveit.Id, Ct))!.AcceptedUntil);
    }

    [Theory, AllProviders]
    public async Task SetStatusAsync_NewEndDayIsAChangeAndReopeningClearsIt(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var moveit = await Single(store, "CVE-2023-34362");
        var first = (await store.SetStatusAsync(moveit.Id, ExposureStatus.Accepted, "isolated", InNinetyDays(test), "analyst", Ct)).Value!;
        test.Time.Advance(TimeSpan.FromDays(1));

        var renewed = (await store.SetStatusAsync(moveit.Id, ExposureStatus.Accepted, "isolated", InNinetyDays(test), "engineer", Ct)).Value!;
        var reopened = (await store.SetStatusAsync(moveit.Id, ExposureStatus.Open, null, "engineer", Ct)).Value!;

        Assert.Equal((new DateOnly(2026, 1, 26), new DateOnly(2026, 1, 27)), (first.AcceptedUntil, renewed.AcceptedUntil));
        Assert.Equal((test.Time.GetUtcNow(), "engineer"), (renewed.StatusChangedAt, renewed.StatusChangedBy));
        Assert.Equal((ExposureStatus.Open, null), (reopened.Status, reopened.AcceptedUntil));
    }

    [Theory, AllProviders]
    public async Task ListAsync_StatusAtFixedNow_ExpiredAcceptanceIsOpenAndNotAccepted(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var endDay = Today(test).AddDays(10);
        var (moveit, _) = await AcceptTwoAsync(store, endDay, 1);
        var endDayStart = endDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        async Task<List<string?>> CvesAsync(ExposureStatus status, DateTimeOffset? asOf) =>
            (await store.ListAsync(new ExposureQuery { Status = status, AsOf = asOf }, Ct)).Select(e => e.Exposure.Cve).ToList();

        // The last moment before the end day: both accepted; from its first moment MOVEit counts as open, Citrix Bleed a day later.
        Assert.Equal(["CVE-2023-34362", "CVE-2023-4966"], (await CvesAsync(ExposureStatus.Accepted, endDayStart.AddTicks(-1))).Order());
        Assert.Equal(["CVE-2023-4966"], await CvesAsync(ExposureStatus.Accepted, endDayStart));
        Assert.Equal(["CVE-2023-34362", "CVE-2021-44228", null], await CvesAsync(ExposureStatus.Open, endDayStart));
        // Without AsOf the store's clock decides.
        Assert.Equal(2, (await CvesAsync(ExposureStatus.Accepted, null)).Count);
        test.Time.Advance(TimeSpan.FromDays(11));
        Assert.Empty(await CvesAsync(ExposureStatus.Accepted, null));
        Assert.Equal(4, (await CvesAsync(ExposureStatus.Open, null)).Count);
        // The stored record keeps the acceptance: status, reason and end day.
        var stored = (await store.FindAsync(moveit.Id, Ct))!;
        Assert.Equal((ExposureStatus.Accepted, "isolated", endDay, true),
            (stored.Status, stored.StatusReason, stored.AcceptedUntil, stored.IsAcceptanceExpired(test.Time.GetUtcNow())));
    }

    [Theory, AllProviders]
    public async Task ImportAsync_ExpiredAcceptanceSeenAgain_ReopenedNamingTheEndDayThenNothingChanges(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var endDay = Today(test).AddDays(30);
        var (moveit, bleed) = await AcceptTwoAsync(store, endDay, 60);
        test.Time.Advance(TimeSpan.FromDays(31));

        var first = await store.ImportAsync(Read(Scan), "scanner", "week-5.csv", Ct);
        var second = await store.ImportAsync(Read(Scan), "scanner", "week-5.csv", Ct);

        Assert.Equal(new ExposureStoreSummary(0, 0, 3, 4, 4, Reopened: 1), first);
        Assert.Equal(new ExposureStoreSummary(0, 0, 4, 4, 4, Reopened: 0), second);
        var reopened = (await store.FindAsync(moveit.Id, Ct))!;
        Assert.Equal((ExposureStatus.Open, $"acceptance expired on {endDay:yyyy-MM-dd}; seen again in import week-5.csv", "scanner", null),
            (reopened.Status, reopened.StatusReason, reopened.StatusChangedBy, reopened.AcceptedUntil));
        Assert.Equal((ExposureStatus.Accepted, "analyst"), ((await store.FindAsync(bleed.Id, Ct))!.Status, (await store.FindAsync(bleed.Id, Ct))!.StatusChangedBy));
    }

    [Theory, AllProviders]
    public async Task Migrate_AcceptanceFromBeforeExpiryDates_StaysAcceptedWithNoExpiry(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider, migrate: false);
        var id = await InsertBeforeMigrationAsync(test, provider, "AddExposureAcceptanceExpiry");
        await using (var db = test.CreateContext())
        {
            await db.Database.ExecuteSqlAsync($"""UPDATE exposures SET "Status" = 'Accepted', "StatusReason" = 'isolated; accepted by the CISO' """, Ct);
        }

        await StorageInitializer.MigrateAsync(test.Get<IDbContextFactory<TesseraDbContext>>(), Ct);
        var store = test.Get<IExposureStore>();
        var stored = (await store.FindAsync(id, Ct))!;
        test.Time.Advance(TimeSpan.FromDays(10 * 365));

        Assert.Equal((ExposureStatus.Accepted, "isolated; accepted by the CISO", null), (stored.Status, stored.StatusReason, stored.AcceptedUntil));
        Assert.Single(await store.ListAsync(new ExposureQuery { Status = ExposureStatus.Accepted }, Ct));
        Assert.Empty(await store.ListAsync(new ExposureQuery { Status = ExposureStatus.Open }, Ct));
    }
}
