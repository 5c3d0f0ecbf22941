using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Triage;
using Tessera.Server.Api.Overview;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Api.Incidents.IncidentApiKit;

namespace Tessera.Server.Tests.Api.Overview;

/// <summary>
/// <c>GET /api/v1/overview</c> against a real server: every count equals what the capability's own endpoint reports on the
/// same server at the same moment, so the summary can never drift from the pages it links to.
/// </summary>
public sealed class OverviewApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private const string OpenStates = "state=New&state=InProgress&state=Contained";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> GetAsync(HttpClient client, string path) =>
        await (await client.GetAsync(path, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

    private static async Task<int> TotalAsync(HttpClient client, string path) => (await GetAsync(client, path)).GetProperty("total").GetInt32();

    [Fact]
    public async Task Overview_Incidents_MatchIncidentListFilteredByOpenStates()
    {
        await ActivateAsync(server);
        using var admin = await server.AdminAsync();
        var critical = await CreateAsync(admin, "Ransomware on file server", severity: "Critical");
        (await AssociateAsync(admin, critical.Id(), critical.Version(), Pick(Enterprise, "impact", "T1486"), Pick(Enterprise, "execution", "T1059.001")))
            .EnsureSuccessStatusCode();
        var closed = await CreateAsync(admin, "Phishing reported and closed", severity: "Low");
        (await admin.PutAsJsonAsync($"api/v1/incidents/{closed.Id()}",
            new { version = closed.Version(), title = "Phishing reported and closed", description = "", assignee = (string?)null, parentId = (long?)null, severity = "Low", state = "Closed" }, Ct)).EnsureSuccessStatusCode();
        var newest = await CreateAsync(admin, "Suspicious PowerShell", severity: "Medium");

        var overview = (await GetAsync(admin, "api/v1/overview")).GetProperty("incidents");

        Assert.Equal(await TotalAsync(admin, $"api/v1/incidents?{OpenStates}&take=1"), overview.GetProperty("open").GetInt32());
        foreach (var row in overview.GetProperty("bySeverity").EnumerateArray())
        {
            var severity = row.GetProperty("severity").GetString();
            Assert.Equal(await TotalAsync(admin, $"api/v1/incidents?{OpenStates}&severity={severity}&take=1"), row.GetProperty("count").GetInt32());
        }

        Assert.Equal(["Critical", "High", "Medium", "Low"], overview.GetProperty("bySeverity").EnumerateArray().Select(r => r.GetProperty("severity").GetString()));
        var recent = overview.GetProperty("recent").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(newest.Id(), recent[0]);
        Assert.DoesNotContain(closed.Id(), recent);
        var heatmap = await GetAsync(admin, $"api/v1/incidents/heatmap?{OpenStates}");
        Assert.Equal(heatmap.GetProperty("cells").GetArrayLength(), overview.GetProperty("techniquesSeen").GetInt32());
        Assert.True(overview.GetProperty("techniquesSeen").GetInt32() >= 2);
    }

    [Fact]
    public async Task Overview_Alerts_MatchAlertListPerTriageStateAndLibrary()
    {
        // Stored straight into the alert store: ingest through the API would first train the alert model (minutes on two cores).
        var store = server.App.Services.GetRequiredService<IAlertRecordStore>();
        var stored = await store.AddAsync(
        [
            new NewAlertRecord { Alert = Alert.FromTitle("ET POLICY curl user agent", source: "suricata"), RawJson = "{}", MappingJson = "{}" },
            new NewAlertRecord { Alert = Alert.FromTitle("Mimikatz credential dump", source: "wazuh"), RawJson = "{}", MappingJson = "{}" },
        ], Ct);
        await store.SetTriageAsync(stored[1].Id, stored[1].Version, TriageState.Rejected, "analyst", "{}", Ct);
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var overview = (await GetAsync(viewer, "api/v1/overview")).GetProperty("alerts");

        Assert.Equal(await TotalAsync(viewer, "api/v1/alerts?state=new&take=1"), overview.GetProperty("awaitingTriage").GetInt32());
        Assert.Equal(await TotalAsync(viewer, "api/v1/alerts?state=rejected&take=1"), overview.GetProperty("rejected").GetInt32());
        Assert.Equal(await TotalAsync(viewer, "api/v1/alerts?state=confirmed&take=1"), overview.GetProperty("confirmed").GetInt32());
        Assert.Equal(await TotalAsync(viewer, "api/v1/alerts?state=corrected&take=1"), overview.GetProperty("corrected").GetInt32());
        Assert.Equal(await TotalAsync(viewer, "api/v1/alert-library?take=1"), overview.GetProperty("libraryEntries").GetInt32());
        Assert.True(overview.GetProperty("awaitingTriage").GetInt32() >= 1);
        Assert.True(overview.GetProperty("rejected").GetInt32() >= 1);
    }

    [Fact]
    public async Task Overview_Coverage_MatchesCoverageSummaryRegressionsAndNewestSnapshot()
    {
        using var admin = await server.AdminAsync();
        await (await admin.PostAsJsonAsync("api/v1/coverage/snapshots", new { note = "overview test" }, Ct)).ExpectJsonAsync(HttpStatusCode.Created);

        var overview = (await GetAsync(admin, "api/v1/overview")).GetProperty("coverage");

        var all = (await GetAsync(admin, "api/v1/coverage")).GetProperty("all");
        Assert.Equal("enterprise-attack@18.1", overview.GetProperty("collection").GetString());
        var states = overview.GetProperty("states").EnumerateArray().ToDictionary(s => s.GetProperty("slug").GetString()!, s => s.GetProperty("count").GetInt32());
        Assert.Equal(["validated", "failing", "rule", "nodata", "gap"], states.Keys);
        Assert.Equal(
            (all.GetProperty("validated").GetInt32(), all.GetProperty("ruleExists").GetInt32(), all.GetProperty("failing").GetInt32(),
                all.GetProperty("noData").GetInt32(), all.GetProperty("gap").GetInt32()),
            (states["validated"], states["rule"], states["failing"], states["nodata"], states["gap"]));
        Assert.Equal(all.GetProperty("total").GetInt32(), overview.GetProperty("techniques").GetInt32());
        var since = overview.GetProperty("regressionsSince").GetDateTimeOffset();
        Assert.Equal(await TotalAsync(admin, "api/v1/coverage/regressions?take=1&since=" + Uri.EscapeDataString(since.ToString("O"))),
            overview.GetProperty("recentRegressions").GetInt32());
        var history = (await GetAsync(admin, "api/v1/coverage/history")).EnumerateArray().ToList();
        Assert.Equal("overview test", history[^1].GetProperty("note").GetString());
        Assert.Equal(history[^1].GetProperty("takenAt").GetDateTimeOffset(), overview.GetProperty("lastSnapshotAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Overview_BacklogAndExposures_MatchTheirQueues()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var tag = Guid.NewGuid().ToString("N")[..8];
        // Log4Shell maps to T1190 through the CTID KEV mappings; the second row is mapped in the file.
        var scan = $"""
            id,cve,asset,severity,title,techniques
            O-1,CVE-2021-44228,app-{tag},high,Log4Shell,
            O-2,,dc-{tag},critical,Cloud role trust too broad,T1098.003
            """;
        (await analyst.PostAsync("api/v1/exposures/import", new StringContent(scan, Encoding.UTF8, "text/csv"), Ct)).EnsureSuccessStatusCode();

        var overview = await GetAsync(analyst, "api/v1/overview");

        var exposures = overview.GetProperty("exposures");
        Assert.Equal(await TotalAsync(analyst, "api/v1/exposures/queue"), exposures.GetProperty("open").GetInt32());
        Assert.Equal(await TotalAsync(analyst, "api/v1/exposures/gaps"), exposures.GetProperty("gapQueue").GetInt32());
        var queueTop = (await GetAsync(analyst, "api/v1/exposures/queue")).GetProperty("items").EnumerateArray().Take(3).Select(e => e.GetProperty("id").GetGuid());
        Assert.Equal(queueTop, exposures.GetProperty("top").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
        // No rule is registered on this server: both exposures sit on techniques without any detection.
        Assert.True(exposures.GetProperty("onUncoveredTechniques").GetInt32() >= 2);
        Assert.Equal(await TotalAsync(analyst, "api/v1/backlog?state=Open,InProgress&take=1"), overview.GetProperty("backlog").GetProperty("active").GetInt32());
    }

    [Fact]
    public async Task Overview_WithoutCredentials_Unauthorized()
    {
        using var anonymous = server.Anonymous();

        var response = await anonymous.GetAsync("api/v1/overview", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Overview_Viewer_ReadsEverySection()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var overview = await GetAsync(viewer, "api/v1/overview");

        foreach (var section in new[] { "incidents", "alerts", "coverage", "backlog", "exposures", "attack" })
        {
            Assert.Equal(JsonValueKind.Object, overview.GetProperty(section).ValueKind);
        }

        Assert.Contains("enterprise-attack@18.1",
            overview.GetProperty("attack").GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task Build_CallerWithoutReadPermission_EverySectionHidden()
    {
        var overview = server.App.Services.GetRequiredService<OverviewService>();

        // Signed in, but with no role claim: Has(Read) is false, so no panel may show.
        var summary = await overview.BuildAsync(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "nobody")], "test")), Ct);

        Assert.All(new object?[] { summary.Incidents, summary.Alerts, summary.Coverage, summary.Backlog, summary.Exposures, summary.Attack }, Assert.Null);
    }

    [Fact]
    public async Task OpenApi_Overview_DescribedUnderItsTag()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var document = await GetAsync(viewer, "openapi/v1.json");

        var get = document.GetProperty("paths").GetProperty("/api/v1/overview").GetProperty("get");
        Assert.Equal("Overview", get.GetProperty("tags")[0].GetString());
        Assert.True(get.GetProperty("responses").TryGetProperty("200", out _));
    }
}
