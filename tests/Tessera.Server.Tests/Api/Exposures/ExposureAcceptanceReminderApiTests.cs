using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Exposures;
using Tessera.Core.Webhooks;
using Tessera.Infrastructure.Storage;
using Tessera.Infrastructure.Webhooks;
using Tessera.Server.Jobs;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Api.Exposures.ExposureApi;

namespace Tessera.Server.Tests.Api.Exposures;

/// <summary>Acceptances ending soon (list filter, view flags, Overview count), reopening an expired one, and the expiry webhook job.</summary>
public sealed class ExposureAcceptanceReminderApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Three(string First, string Second, string Expired, DateOnly Ended);

    // Three real KEV CVEs on assets tagged for this test: the first and second accepted for the given days (when given), the
    // third accepted 100 days ago for 90 days (expired ten days ago).
    private async Task<Three> ImportThreeAsync(HttpClient analyst, string tag, int? firstDays = null, int? secondDays = null)
    {
        await ExposureApi.ImportAsync(analyst, $"""
            id,cve,asset,severity,title
            R-1,CVE-2023-34362,mft-{tag},critical,MOVEit Transfer SQL injection
            R-2,CVE-2023-4966,vpn-{tag},critical,Citrix Bleed
            R-3,CVE-2023-27997,fw-{tag},critical,FortiOS SSL-VPN heap overflow
            """);
        var three = new Three(await IdAsync(analyst, "mft-" + tag), await IdAsync(analyst, "vpn-" + tag), await IdAsync(analyst, "fw-" + tag), default);
        foreach (var (id, days) in new[] { (three.First, firstDays), (three.Second, secondDays) })
        {
            if (days is { } d)
            {
                (await analyst.PostAsJsonAsync($"api/v1/exposures/{id}/status",
                    new { status = "accepted", reason = "isolated (RISK-7)", acceptedUntil = PastAcceptance.Iso(d) }, Ct)).EnsureSuccessStatusCode();
            }
        }

        return three with { Ended = await PastAcceptance.AcceptAsync(server.App.Services, Guid.Parse(three.Expired), "firewall swap planned", 100, 90) };
    }

    private static List<string?> Ids(IEnumerable<JsonElement> items) => items.Select(e => e.GetProperty("id").GetString()).Order().ToList();

    [Fact]
    public async Task List_AcceptanceEndingSoon_RunningAcceptancesInsideTheWindowFlaggedWithDaysLeft()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var (days, weeks, expired, _) = await ImportThreeAsync(analyst, tag, 3, 20);

        var endingSoon = await ListAsync(analyst, $"asset={tag}&acceptance=ending-soon");
        var wider = await ListAsync(analyst, $"asset={tag}&acceptance=ending-soon&within=20");
        var expiredOnes = await ListAsync(analyst, $"asset={tag}&acceptance=EXPIRED");

        var soon = Assert.Single(endingSoon);
        Assert.Equal((days, "accepted", 3, true), (soon.GetProperty("id").GetString(), soon.GetProperty("status").GetString(),
            soon.GetProperty("acceptanceEndsInDays").GetInt32(), soon.GetProperty("acceptanceEndingSoon").GetBoolean()));
        Assert.Equal(Ids([soon]).Concat([weeks]).Order(), Ids(wider));
        var later = wider.Single(e => e.GetProperty("id").GetString() == weeks);
        Assert.Equal((20, false), (later.GetProperty("acceptanceEndsInDays").GetInt32(), later.GetProperty("acceptanceEndingSoon").GetBoolean()));
        var gone = Assert.Single(expiredOnes);
        Assert.Equal((expired, "open", JsonValueKind.Null), (gone.GetProperty("id").GetString(), gone.GetProperty("status").GetString(),
            gone.GetProperty("acceptanceEndsInDays").ValueKind));
    }

    [Theory]
    [InlineData("acceptance=soon", "acceptance")]
    [InlineData("acceptance=ending-soon&within=0", "within")]
    [InlineData("acceptance=ending-soon&within=91", "within")] // beyond a quarter: list status=accepted instead
    [InlineData("acceptance=expired&within=7", "within")] // a window means nothing for expired acceptances
    [InlineData("within=7", "within")]
    public async Task List_BadAcceptanceFilter_Returns400NamingTheField(string query, string field)
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var problem = await (await viewer.GetAsync("api/v1/exposures?" + query, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal(field, problem.GetProperty("errors").EnumerateObject().Single().Name);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task SetStatusOpen_ExpiredAcceptance_ClearsItAuditedAndViewerGets403()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var (_, _, expired, until) = await ImportThreeAsync(analyst, tag);
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var reopen = new { status = "open", reason = $"acceptance expired on {until:yyyy-MM-dd}" };

        var refused = await viewer.PostAsJsonAsync($"api/v1/exposures/{expired}/status", reopen, Ct);
        var stillExpired = Assert.Single(await ListAsync(analyst, $"asset=fw-{tag}&acceptance=expired"));
        var reopened = await (await analyst.PostAsJsonAsync($"api/v1/exposures/{expired}/status", reopen, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(expired, stillExpired.GetProperty("id").GetString());
        Assert.Equal(("open", false, JsonValueKind.Null, $"acceptance expired on {until:yyyy-MM-dd}"),
            (reopened.GetProperty("status").GetString(), reopened.GetProperty("acceptanceExpired").GetBoolean(),
                reopened.GetProperty("acceptedUntil").ValueKind, reopened.GetProperty("statusReason").GetString()));
        Assert.Empty(await ListAsync(analyst, $"asset=fw-{tag}&acceptance=expired"));
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=exposure.status&entityId={expired}", Ct);
        var entry = Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("event");
        Assert.Contains($"\"acceptedUntil\":\"{until:yyyy-MM-dd}\"", entry.GetProperty("beforeJson").GetString());
        Assert.Contains("\"status\":\"accepted\"", entry.GetProperty("beforeJson").GetString());
        Assert.Contains("\"acceptedUntil\":null", entry.GetProperty("afterJson").GetString());
        Assert.Contains("\"status\":\"open\"", entry.GetProperty("afterJson").GetString());
    }

    [Fact]
    public async Task Overview_AcceptancesEndingSoon_MatchesTheListFilterAndListsTheSoonestFirst()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        // The first ends tomorrow: no other test here accepts for fewer days, so it heads the Overview's list.
        var (days, weeks, _, _) = await ImportThreeAsync(analyst, tag, 1, 60);

        var exposures = (await analyst.GetFromJsonAsync<JsonElement>("api/v1/overview", Ct)).GetProperty("exposures");

        var total = (await analyst.GetFromJsonAsync<JsonElement>("api/v1/exposures?acceptance=ending-soon&pageSize=1", Ct)).GetProperty("total").GetInt32();
        var expiredTotal = (await analyst.GetFromJsonAsync<JsonElement>("api/v1/exposures?acceptance=expired&pageSize=1", Ct)).GetProperty("total").GetInt32();
        Assert.Equal((total, expiredTotal, 14), (exposures.GetProperty("acceptancesEndingSoon").GetInt32(),
            exposures.GetProperty("acceptancesExpired").GetInt32(), exposures.GetProperty("acceptanceWindowDays").GetInt32()));
        Assert.True(total >= 1 && expiredTotal >= 1);
        var first = exposures.GetProperty("endingSoon")[0];
        Assert.Equal((days, PastAcceptance.Iso(1), 1), (first.GetProperty("id").GetString(), first.GetProperty("acceptedUntil").GetString(), first.GetProperty("daysLeft").GetInt32()));
        Assert.DoesNotContain(weeks, exposures.GetProperty("endingSoon").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task ExpiryJob_RunTwice_QueuesOneExpiredEventForTheEndedAcceptanceAndNoneForTheRunningOne()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var (_, _, expired, until) = await ImportThreeAsync(analyst, tag, 5);
        var jobs = server.App.Services.GetRequiredService<JobHost>();

        var first = await jobs.RunOnceAsync(AcceptanceExpiryJob.Name, Ct);
        var second = await jobs.RunOnceAsync(AcceptanceExpiryJob.Name, Ct);

        Assert.Equal((JobRunStatus.Ran, JobRunStatus.Ran), (first.Status, second.Status));
        Assert.Equal("0 ended acceptances announced", second.Run!.Summary);
        await using var db = server.App.Services.GetRequiredService<IDbContextFactory<TesseraDbContext>>().CreateDbContext();
        var events = await db.Set<WebhookEventEntity>().AsNoTracking().Where(e => e.Type == WebhookEventTypes.ExposureAcceptanceExpired).ToListAsync(Ct);
        var evt = Assert.Single(events, e => e.DataJson.Contains(tag, StringComparison.Ordinal));
        Assert.Equal(AcceptanceExpiryNotifier.EventId(Guid.Parse(expired), until), evt.Id);
        Assert.Contains("\"asset\":\"fw-" + tag + "\"", evt.DataJson);
    }
}
