using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Server.Api.Exposures;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Api.Exposures.ExposureApi;

namespace Tessera.Server.Tests.Api.Exposures;

/// <summary>The open / resolved / accepted lifecycle through the API, and what it does to the queues.</summary>
public sealed class ExposureStatusApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Log4Shell and MOVEit are real KEV CVEs the CTID mappings link to T1190.
    private static string Scan(string tag) => $"""
        id,cve,asset,severity,title,techniques
        S-1,CVE-2021-44228,app-{tag},high,Log4Shell,
        S-2,CVE-2023-34362,mft-{tag},critical,MOVEit Transfer SQL injection,
        """;

    private static Task<HttpResponseMessage> SetAsync(HttpClient client, string id, string status, string? reason = null) =>
        client.PostAsJsonAsync($"api/v1/exposures/{id}/status", new { status, reason }, Ct);

    [Fact]
    public async Task SetStatus_Resolved_LeavesBothQueuesAndThreatCountsButStaysListedAndAudited()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        // Only this test maps T1556.006 (in the file), so its gap-queue row and threat count belong to this exposure alone.
        await ImportAsync(analyst, Scan(tag) + $"\nS-3,,idp-{tag},high,MFA bypass rule left enabled,T1556.006\n");
        var id = await IdAsync(analyst, "idp-" + tag);
        var t1556 = TechniqueId.Parse("T1556.006");
        var exposures = server.App.Services.GetRequiredService<ExposureService>();
        var countBefore = (await exposures.CountsByTechniqueAsync(Ct)).GetValueOrDefault(t1556);
        Assert.Contains(await QueueIdsAsync(analyst), q => q == id);
        Assert.Contains(await QueueIdsAsync(analyst, "gaps"), g => g == "T1556.006");

        var response = await SetAsync(analyst, id, "Resolved", "  rule disabled in the IdP (CHG-77)  ");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("resolved", "rule disabled in the IdP (CHG-77)"), (view.GetProperty("status").GetString(), view.GetProperty("statusReason").GetString()));
        Assert.False(string.IsNullOrEmpty(view.GetProperty("statusChangedBy").GetString()));
        Assert.NotEqual(JsonValueKind.Null, view.GetProperty("statusChangedAt").ValueKind);
        Assert.DoesNotContain(await QueueIdsAsync(analyst), q => q == id);
        Assert.DoesNotContain(await QueueIdsAsync(analyst, "gaps"), g => g == "T1556.006");
        Assert.Equal((1, 0), (countBefore, (await exposures.CountsByTechniqueAsync(Ct)).GetValueOrDefault(t1556)));
        // Still listed: under any status and under resolved, not under open.
        Assert.Equal(3, (await ListAsync(analyst, "asset=" + tag)).Count);
        Assert.Equal(id, (await ListAsync(analyst, $"asset={tag}&status=resolved")).Single().GetProperty("id").GetString());
        Assert.Equal(2, (await ListAsync(analyst, $"asset={tag}&status=OPEN")).Count); // status names are case-insensitive
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=exposure.status&entityId={id}", Ct);
        var entry = Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("event");
        Assert.Contains("\"status\":\"open\"", entry.GetProperty("beforeJson").GetString());
        Assert.Contains("\"status\":\"resolved\"", entry.GetProperty("afterJson").GetString());
    }

    [Fact]
    public async Task SetStatus_StaleExpectedStatusVersion_409AndOnlyTheFirstChangeIsKeptAndAudited()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, Scan(tag));
        var id = await IdAsync(analyst, "app-" + tag);
        var seen = (await analyst.GetFromJsonAsync<JsonElement>($"api/v1/exposures/{id}", Ct)).GetProperty("statusVersion").GetInt64();
        var first = await analyst.PostAsJsonAsync($"api/v1/exposures/{id}/status",
            new { status = "resolved", reason = "patched (CHG-12)", expectedStatusVersion = seen }, Ct);

        // Chosen on the same screen state, after the first change landed.
        var late = await analyst.PostAsJsonAsync($"api/v1/exposures/{id}/status",
            new { status = "accepted", reason = "isolated", acceptedUntil = PastAcceptance.Today.AddDays(30).ToString("yyyy-MM-dd"), expectedStatusVersion = seen }, Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict), (first.StatusCode, late.StatusCode));
        Assert.Contains("it is resolved", (await late.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        var now = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/exposures/{id}", Ct);
        Assert.Equal(("resolved", seen + 1), (now.GetProperty("status").GetString(), now.GetProperty("statusVersion").GetInt64()));
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=exposure.status&entityId={id}", Ct);
        Assert.Single(audit.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task SetStatus_BadInput_Returns400NamingTheFieldOr404AndChangesNothing()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, Scan(tag));
        var id = await IdAsync(analyst, "app-" + tag);

        var unknown = await SetAsync(analyst, id, "fixed");
        var numeric = await SetAsync(analyst, id, "1"); // enum numbers are not statuses
        var noReason = await SetAsync(analyst, id, "accepted", " ");
        var tooLong = await SetAsync(analyst, id, "resolved", new string('r', 501));
        var missing = await SetAsync(analyst, Guid.NewGuid().ToString(), "resolved");
        var badFilter = await analyst.GetAsync("api/v1/exposures?status=closed", Ct);

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.BadRequest],
            [unknown.StatusCode, numeric.StatusCode, noReason.StatusCode, tooLong.StatusCode, missing.StatusCode, badFilter.StatusCode]);
        Assert.Equal(["status", "status", "reason", "reason", "status"],
            await Task.WhenAll(new[] { unknown, numeric, noReason, tooLong, badFilter }.Select(FieldAsync)));
        Assert.Equal("open", (await ListAsync(analyst, "asset=app-" + tag)).Single().GetProperty("status").GetString());
    }

    [Fact]
    public async Task SetStatus_AsViewer_Returns403AndStaysOpen()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, Scan(tag));
        var id = await IdAsync(analyst, "mft-" + tag);
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var response = await SetAsync(viewer, id, "resolved");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("open", (await ListAsync(viewer, "asset=mft-" + tag)).Single().GetProperty("status").GetString());
    }

    [Fact]
    public async Task Import_ResolvedAndAcceptedSeenAgain_ReopensResolvedOnlyThenChangesNothing()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, Scan(tag));
        var log4j = await IdAsync(analyst, "app-" + tag);
        var moveit = await IdAsync(analyst, "mft-" + tag);
        (await SetAsync(analyst, log4j, "resolved", "upgraded to 2.17.1")).EnsureSuccessStatusCode();
        (await analyst.PostAsJsonAsync($"api/v1/exposures/{moveit}/status",
            new { status = "accepted", reason = "isolated; replaced next quarter", acceptedUntil = PastAcceptance.Iso(90) }, Ct)).EnsureSuccessStatusCode();

        var first = await ImportAsync(analyst, Scan(tag));
        var second = await ImportAsync(analyst, Scan(tag));

        Assert.Equal((1, 1), (first.GetProperty("reopened").GetInt32(), first.GetProperty("unchanged").GetInt32()));
        Assert.Equal((0, 2), (second.GetProperty("reopened").GetInt32(), second.GetProperty("unchanged").GetInt32()));
        var rows = (await ListAsync(analyst, "asset=" + tag)).ToDictionary(e => e.GetProperty("id").GetString()!);
        Assert.Equal(("open", "seen again in import week.csv"), (rows[log4j].GetProperty("status").GetString(), rows[log4j].GetProperty("statusReason").GetString()));
        Assert.Equal(("accepted", "isolated; replaced next quarter"), (rows[moveit].GetProperty("status").GetString(), rows[moveit].GetProperty("statusReason").GetString()));
        Assert.Contains(await QueueIdsAsync(analyst), q => q == log4j);
    }

    // An import reopening a resolved exposure used to leave only its import count in the audit: the exposure's own trail
    // ended at the analyst's "resolved" although it was open again.
    [Fact]
    public async Task Import_ReopensResolved_AuditsTheReopeningOnThatExposure()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, Scan(tag));
        var log4j = await IdAsync(analyst, "app-" + tag);
        var moveit = await IdAsync(analyst, "mft-" + tag);
        (await SetAsync(analyst, log4j, "resolved", "upgraded to 2.17.1")).EnsureSuccessStatusCode();

        await ImportAsync(analyst, Scan(tag));
        await ImportAsync(analyst, Scan(tag));

        using var admin = await server.AdminAsync();
        var trail = (await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?entityType=exposure&entityId={log4j}", Ct))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("event")).ToList();
        Assert.Equal(["exposure.status", "exposure.status"], trail.Select(e => e.GetProperty("action").GetString()));
        var reopening = trail[0];
        Assert.Contains("\"status\":\"resolved\"", reopening.GetProperty("beforeJson").GetString());
        Assert.Contains("\"status\":\"open\",\"statusReason\":\"seen again in import week.csv\"", reopening.GetProperty("afterJson").GetString());
        Assert.StartsWith("apikey:test-Analyst", reopening.GetProperty("actor").GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?entityType=exposure&entityId={moveit}", Ct)).GetProperty("items").EnumerateArray());
    }

    private static async Task<string> FieldAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Single().Name;
}
