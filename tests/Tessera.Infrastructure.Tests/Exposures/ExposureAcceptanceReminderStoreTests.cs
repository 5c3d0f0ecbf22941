using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Audit;
using Tessera.Core.Exposures;
using Tessera.Core.Webhooks;
using Tessera.Infrastructure.Tests.Webhooks;
using Tessera.Infrastructure.Webhooks;
using static Tessera.Infrastructure.Tests.Exposures.ExposureTestData;

namespace Tessera.Infrastructure.Tests.Exposures;

/// <summary>
/// Acceptances ending soon (a window of days, in SQL on both providers) and the expiry announcement: one
/// <c>exposure.acceptance.expired</c> outbox event per ended acceptance, driven by calling the check with the test clock.
/// </summary>
public sealed class ExposureAcceptanceReminderStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today(TestDatabase test) => ExposureStatusRules.Today(test.Time.GetUtcNow());

    // MOVEit, Citrix Bleed and Log4Shell accepted for the given days from the test clock's today.
    private static async Task<(Guid MoveIt, Guid Bleed, Guid Log4Shell)> AcceptAsync(TestDatabase test, IExposureStore store, int moveit, int bleed, int log4shell)
    {
        var ids = new List<Guid>();
        foreach (var (cve, days) in new[] { ("CVE-2023-34362", moveit), ("CVE-2023-4966", bleed), ("CVE-2021-44228", log4shell) })
        {
            var id = (await Single(store, cve)).Id;
            Assert.True((await store.SetStatusAsync(id, ExposureStatus.Accepted, "isolated (RISK-7)", Today(test).AddDays(days), "analyst", Ct)).IsSaved);
            ids.Add(id);
        }

        return (ids[0], ids[1], ids[2]);
    }

    private static async Task<List<string?>> CvesAsync(IExposureStore store, ExposureQuery query) =>
        (await store.ListAsync(query, Ct)).Select(e => e.Exposure.Cve).Order().ToList();

    private static async Task<List<WebhookEventEntity>> ExpiryEventsAsync(TestDatabase test)
    {
        await using var db = test.CreateContext();
        return await db.Set<WebhookEventEntity>().AsNoTracking().Where(e => e.Type == WebhookEventTypes.ExposureAcceptanceExpired)
            .OrderBy(e => e.Id).ToListAsync(Ct);
    }

    private static AcceptanceExpiryNotifier Notifier(TestDatabase test) =>
        new(test.Get<IExposureStore>(), test.Get<IWebhookOutbox>(), test.Get<IAuditLog>(), test.Time);

    [Theory, AllProviders]
    public async Task ListAsync_EndingSoon_OnlyRunningAcceptancesWithinTheWindow(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        await AcceptAsync(test, store, moveit: 3, bleed: 20, log4shell: 14);
        var endingSoon = new ExposureQuery { Acceptance = ExposureAcceptanceFilter.EndingSoon };

        // Log4Shell ends on the window's last day; Citrix Bleed six days beyond it.
        Assert.Equal(["CVE-2021-44228", "CVE-2023-34362"], await CvesAsync(store, endingSoon));
        Assert.Equal(["CVE-2023-34362"], await CvesAsync(store, endingSoon with { EndingWithinDays = 13 }));
        Assert.Equal(3, (await CvesAsync(store, endingSoon with { EndingWithinDays = 20 })).Count);
        Assert.Empty(await CvesAsync(store, new ExposureQuery { Acceptance = ExposureAcceptanceFilter.Expired }));
        // Four days on, MOVEit has expired: no longer ending soon, listed as expired; Citrix Bleed (16 days left) is still outside.
        test.Time.Advance(TimeSpan.FromDays(4));
        Assert.Equal(["CVE-2021-44228"], await CvesAsync(store, endingSoon));
        Assert.Equal(["CVE-2023-34362"], await CvesAsync(store, new ExposureQuery { Acceptance = ExposureAcceptanceFilter.Expired }));
        Assert.Equal(["CVE-2021-44228"], await CvesAsync(store, endingSoon with { Status = ExposureStatus.Accepted, Cve = "CVE-2021-44228" }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(endingSoon with { EndingWithinDays = 0 }, Ct));
    }

    [Theory, AllProviders]
    public async Task NotifyAsync_ExpiredAcceptances_OneOutboxEventEachNoneForRunningOnesNoneTwice(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var subscription = WebhookSubscriptionStoreTests.Subscription(new Uri("https://soar.example.org/hook"), "whsec_reminder_tests_0123456789",
            WebhookEventTypes.ExposureAcceptanceExpired);
        Assert.True((await test.Get<IWebhookSubscriptionStore>().CreateAsync(subscription, Ct)).IsSaved);
        var (moveit, bleed, _) = await AcceptAsync(test, store, moveit: 3, bleed: 5, log4shell: 30);

        var beforeAnyEnds = await Notifier(test).NotifyAsync(Ct);
        test.Time.Advance(TimeSpan.FromDays(6));
        var first = await Notifier(test).NotifyAsync(Ct);
        var again = await Notifier(test).NotifyAsync(Ct);

        Assert.Equal((0, 2, 0), (beforeAnyEnds, first, again));
        var events = await ExpiryEventsAsync(test);
        Assert.Equal(new[] { AcceptanceExpiryNotifier.EventId(moveit, Today(test).AddDays(-3)), AcceptanceExpiryNotifier.EventId(bleed, Today(test).AddDays(-1)) }.Order(),
            events.Select(e => e.Id));
        var data = JsonDocument.Parse(events.Single(e => e.Id.Contains(moveit.ToString("N"))).DataJson).RootElement;
        Assert.Equal(("CVE-2023-34362", "mft-01", "Critical", ExposureStatusRules.Iso(Today(test).AddDays(-3)), "analyst", "isolated (RISK-7)"),
            (data.GetProperty("cve").GetString(), data.GetProperty("asset").GetString(), data.GetProperty("severity").GetString(),
                data.GetProperty("acceptedUntil").GetString(), data.GetProperty("acceptedBy").GetString(), data.GetProperty("reason").GetString()));
        Assert.Equal(2, (await test.Get<IWebhookSubscriptionStore>().ListDeliveriesAsync(subscription.Id, 10, Ct)).Count);
        // Each announced expiry is in the exposure's audit history once, by the job, with the acceptance that ended.
        var audited = (await test.Get<IAuditLog>().QueryAsync(new AuditQuery { Action = AcceptanceExpiryNotifier.AuditAction }, Ct)).Items.Select(e => e.Event).ToList();
        Assert.Equal(new[] { moveit.ToString(), bleed.ToString() }.Order(), audited.Select(e => e.EntityId).Order());
        Assert.All(audited, e => Assert.Equal((AuditActorKind.System, AcceptanceExpiryNotifier.AuditActorName, "exposure"), (e.Actor.Kind, e.Actor.Id, e.EntityType)));
        Assert.Contains("isolated (RISK-7)", audited.Single(e => e.EntityId == moveit.ToString()).AfterJson);
        // The expired acceptance still counts as open and keeps its record: announcing it changes nothing the user sees.
        Assert.Equal((ExposureStatus.Accepted, true), ((await store.FindAsync(moveit, Ct))!.Status, (await store.FindAsync(moveit, Ct))!.IsAcceptanceExpired(test.Time.GetUtcNow())));
    }

    [Theory, AllProviders]
    public async Task NotifyAsync_EnqueuedButNotMarked_MarksWithoutASecondEvent(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var (moveit, _, _) = await AcceptAsync(test, store, moveit: 1, bleed: 60, log4shell: 60);
        test.Time.Advance(TimeSpan.FromDays(2));
        var expired = Assert.Single(await store.ListUnannouncedExpiriesAsync(test.Time.GetUtcNow(), 10, Ct));
        // A run that stopped after its enqueue and before its mark (crash, restart) left the event behind.
        await test.Get<IWebhookOutbox>().EnqueueAsync(new WebhookEvent
        {
            Id = AcceptanceExpiryNotifier.EventId(moveit, expired.AcceptedUntil!.Value), Type = WebhookEventTypes.ExposureAcceptanceExpired,
            OccurredAt = test.Time.GetUtcNow(), Data = JsonSerializer.SerializeToElement(new { }),
        }, Ct);

        var marked = await Notifier(test).NotifyAsync(Ct);

        Assert.Equal(1, marked);
        Assert.Single(await ExpiryEventsAsync(test));
        Assert.Empty(await store.ListUnannouncedExpiriesAsync(test.Time.GetUtcNow(), 10, Ct));
    }

    [Theory, AllProviders]
    public async Task MarkExpiryAnnouncedAsync_SecondMarkOrChangedAcceptance_FalseAndARenewalIsAnnouncedAgain(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var (moveit, bleed, _) = await AcceptAsync(test, store, moveit: 1, bleed: 1, log4shell: 60);
        var moveitEnd = Today(test).AddDays(1);
        test.Time.Advance(TimeSpan.FromDays(2));

        var first = await store.MarkExpiryAnnouncedAsync(moveit, moveitEnd, Ct);
        var second = await store.MarkExpiryAnnouncedAsync(moveit, moveitEnd, Ct);
        var wrongDay = await store.MarkExpiryAnnouncedAsync(bleed, moveitEnd.AddDays(1), Ct);
        await store.SetStatusAsync(bleed, ExposureStatus.Open, null, "analyst", Ct);
        var reopened = await store.MarkExpiryAnnouncedAsync(bleed, moveitEnd, Ct);

        Assert.Equal((true, false, false, false), (first, second, wrongDay, reopened));
        Assert.Empty(await store.ListUnannouncedExpiriesAsync(test.Time.GetUtcNow(), 10, Ct));
        // Renewed after it expired, the acceptance ends again later: that end is a new announcement.
        await store.SetStatusAsync(moveit, ExposureStatus.Accepted, "renewed (RISK-7)", Today(test).AddDays(10), "analyst", Ct);
        test.Time.Advance(TimeSpan.FromDays(10));
        Assert.Equal(1, await Notifier(test).NotifyAsync(Ct));
        Assert.Equal([AcceptanceExpiryNotifier.EventId(moveit, Today(test))], (await ExpiryEventsAsync(test)).Select(e => e.Id));
    }
}
