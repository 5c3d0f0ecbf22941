using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Alerts.Library;
using Tessera.Infrastructure.Alerts;
using Tessera.Infrastructure.Storage;
using Tessera.Server.Alerts;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Alerts;

public sealed class AlertApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The mapper builds in the background at start-up; a request waits for it only so long, and on a loaded machine the
    // first one would outlast HttpClient's timeout. Waiting here keeps these tests about the API, not the build time.
    public async ValueTask InitializeAsync() => await Incidents.IncidentAlertApiTests.MapperReadyAsync(server);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal static StringContent Body(string text) => new(text, Encoding.UTF8, "application/json");

    internal static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    /// <summary>Ingests one generic alert with a unique title and returns its stored ID.</summary>
    internal static async Task<long> IngestAsync(HttpClient client, string title)
    {
        var response = await client.PostAsync("api/v1/alerts", Body(JsonSerializer.Serialize(new { id = "t", title, source = "test" })), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ReadAsync(response)).GetProperty("alerts")[0].GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task MapOne_SuricataAlert_ReturnsMappingRecord()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        const string eve = """
            {"timestamp":"2024-03-05T10:12:44.123456+0000","flow_id":1187654321098765,"event_type":"alert","src_ip":"203.0.113.45",
             "dest_ip":"192.0.2.10","dest_port":80,"proto":"TCP","app_proto":"http",
             "alert":{"signature_id":2029027,"signature":"ET EXPLOIT vBulletin 5.x Routestring widgetConfig Remote Code Execution",
               "category":"Attempted Administrator Privilege Gain","severity":1,"metadata":{"mitre_technique_id":["T1190"]}},
             "http":{"hostname":"forum.example.org","url":"/ajax/render/widget_php?routestring=widget_php","http_method":"POST"}}
            """;

        var response = await viewer.PostAsync("api/v1/alerts/map?top=3", Body(eve), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mapping = await ReadAsync(response);
        var first = mapping.GetProperty("techniques")[0];
        Assert.Equal(("T1190", "vendor"), (first.GetProperty("id").GetString(), first.GetProperty("origin").GetString()));
        Assert.True(mapping.GetProperty("techniques").GetArrayLength() <= 3);
        Assert.Contains("vBulletin", mapping.GetProperty("parts").GetRawText());
    }

    [Fact]
    public async Task MapBatch_JsonLinesWithJunk_MapsRestAndNamesBadLines()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var lines = "{\"id\":\"a\",\"title\":\"Mimikatz Command Line\"}\n\u0001\u0002binary junk\n\n{\"nope\":1}\n{\"id\":\"b\",\"title\":\"ET SCAN Nmap Scripting Engine User-Agent Detected\"}\n";

        var response = await viewer.PostAsync("api/v1/alerts/map/batch", Body(lines), Ct);

        var batch = await ReadAsync(response);
        Assert.Equal((2, 2), (batch.GetProperty("accepted").GetInt32(), batch.GetProperty("rejected").GetInt32()));
        var results = batch.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([1, 2, 4, 5], results.Select(r => r.GetProperty("line").GetInt32()));
        Assert.Equal("a", results[0].GetProperty("mapping").GetProperty("id").GetString());
        Assert.Contains("not valid JSON", results[1].GetProperty("error").GetString());
        Assert.Contains("unrecognised alert shape", results[2].GetProperty("error").GetString());
    }

    [Fact]
    public async Task MapBatch_JsonArray_MapsEveryElementInOrder()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var array = JsonSerializer.Serialize(Enumerable.Range(0, 70).Select(i => new { id = $"x{i}", title = $"Suspicious Encoded PowerShell Command Line {i}" }));

        var batch = await ReadAsync(await viewer.PostAsync("api/v1/alerts/map/batch", Body(array), Ct));

        Assert.Equal(70, batch.GetProperty("accepted").GetInt32());
        Assert.Equal(Enumerable.Range(0, 70).Select(i => $"x{i}"),
            batch.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("mapping").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task MapOne_EmptyBodyOrEmptyTitle_Returns400WithDetail()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var empty = await viewer.PostAsync("api/v1/alerts/map", Body("  "), Ct);
        var blank = await viewer.PostAsync("api/v1/alerts/map", Body("{\"title\":\"   \"}"), Ct);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (empty.StatusCode, blank.StatusCode));
        Assert.Contains("body is empty", (await ReadAsync(empty)).GetProperty("detail").GetString());
        Assert.Contains("empty title", (await ReadAsync(blank)).GetProperty("detail").GetString());
    }

    // An empty array said "no alert could be read: " and stopped at the colon.
    [Fact]
    public async Task Ingest_EmptyArray_Returns400SayingThereIsNoAlert()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");

        var response = await analyst.PostAsync("api/v1/alerts", Body("[]"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The body holds no alert: send one alert object, an array of them, or JSON lines.", (await ReadAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Ingest_HugeTitle_IsTruncatedWithNotice()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var title = "Huge " + new string('x', 1 << 20);

        var response = await analyst.PostAsync("api/v1/alerts", Body(JsonSerializer.Serialize(new { id = "big", title })), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = await ReadAsync(response);
        Assert.Contains(report.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("title truncated"));
        var id = report.GetProperty("alerts")[0].GetProperty("id").GetInt64();
        var stored = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/alerts/{id}", Ct);
        Assert.Equal(65536, stored.GetProperty("title").GetString()!.Length);
        Assert.True(stored.GetProperty("rawTruncated").GetBoolean());
        Assert.Contains("title was truncated", stored.GetProperty("mapping").GetProperty("notices").GetRawText());
    }

    [Fact]
    public async Task Ingest_LoneSurrogateOnOneLine_StoresTheOtherLinesAndNamesTheBadOne()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var marker = Guid.NewGuid().ToString("N")[..10];

        var response = await analyst.PostAsync("api/v1/alerts", Body($"{{\"title\":\"ok {marker}\"}}\n{{\"title\":\"bad \\ud800\"}}\n"), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = await ReadAsync(response);
        Assert.Equal((1, 1), (report.GetProperty("accepted").GetInt32(), report.GetProperty("rejected").GetInt32()));
        var error = Assert.Single(report.GetProperty("errors").EnumerateArray());
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        Assert.Contains("'title'", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        var page = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/alerts?q={marker}", Ct);
        Assert.Equal(1, page.GetProperty("total").GetInt32());
    }

    // QA pass 7: invalid UTF-8 was decoded to U+FFFD and stored blanked out; now the batch is refused whole.
    [Fact]
    public async Task Ingest_InvalidUtf8OnOneLine_400NamingTheLineAndNothingStored()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var marker = Guid.NewGuid().ToString("N")[..10];
        byte[] body = [.. Encoding.UTF8.GetBytes($"{{\"title\":\"ok {marker}\"}}\n{{\"title\":\"caf"), 0xE9, .. "\"}\n"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await analyst.PostAsync("api/v1/alerts", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("line 2 is not UTF-8 text", (await ReadAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var page = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/alerts?q={marker}", Ct);
        Assert.Equal(0, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task MapOne_LoneSurrogate_Returns400NamingTheField()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var response = await viewer.PostAsync("api/v1/alerts/map", Body("{\"title\":\"bad \\ud800\"}"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 1 (title)", (await ReadAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_ThenListAndGet_FiltersByTextAndShowsRaw()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var marker = Guid.NewGuid().ToString("N")[..10];
        var id = await IngestAsync(analyst, $"Kerberoasting burst {marker}");

        var page = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/alerts?q={marker.ToUpperInvariant()}&state=new", Ct);
        var detail = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/alerts/{id}", Ct);

        Assert.Equal(1, page.GetProperty("total").GetInt32());
        Assert.Equal(id, page.GetProperty("items")[0].GetProperty("id").GetInt64());
        Assert.Equal("new", detail.GetProperty("state").GetString());
        Assert.Contains(marker, detail.GetProperty("rawJson").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"api/v1/alerts/{id + 100000}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("api/v1/alerts?state=maybe", Ct)).StatusCode);
    }

    [Fact]
    public async Task Feedback_Confirm_NextIdenticalAlertIsAnalystConfirmedAndAudited()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var title = $"Custom rule {Guid.NewGuid():N} fired on 10.1.1.1";
        var id = await IngestAsync(analyst, title);

        var response = await analyst.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "confirm", techniques = new[] { "T1505.003" } }, Ct);
        var next = await IngestAsync(analyst, title.Replace("10.1.1.1", "10.9.9.9"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("confirmed", (await ReadAsync(response)).GetProperty("alert").GetProperty("state").GetString());
        var stored = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/alerts/{next}", Ct);
        var top = stored.GetProperty("mapping").GetProperty("techniques")[0];
        Assert.Equal(("T1505.003", "analyst"), (top.GetProperty("id").GetString(), top.GetProperty("origin").GetString()));
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=alert.feedback&entityId={id}", Ct);
        Assert.Contains("T1505.003", Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("event").GetProperty("afterJson").GetString());
    }

    [Fact]
    public async Task Feedback_OnAVersionAnotherDecisionReplaced_409WithTheAlertNowAndNothingLearnt()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var title = $"Webshell rule {Guid.NewGuid():N} fired";
        var id = await IngestAsync(analyst, title);
        var seen = (await analyst.GetFromJsonAsync<JsonElement>($"api/v1/alerts/{id}", Ct)).GetProperty("version").GetInt64();
        var first = await analyst.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "confirm", techniques = new[] { "T1505.003" }, expectedVersion = seen }, Ct);

        // A second decision made on the same screen state, after the first landed.
        var late = await analyst.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "reject", expectedVersion = seen }, Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict), (first.StatusCode, late.StatusCode));
        var problem = await ReadAsync(late);
        Assert.Contains("confirmed by", problem.GetProperty("detail").GetString());
        var current = problem.GetProperty("current");
        Assert.Equal(("confirmed", seen + 1), (current.GetProperty("state").GetString(), current.GetProperty("version").GetInt64()));
        var next = await IngestAsync(analyst, title);
        var top = (await analyst.GetFromJsonAsync<JsonElement>($"api/v1/alerts/{next}", Ct)).GetProperty("mapping").GetProperty("techniques")[0];
        Assert.Equal(("T1505.003", "analyst"), (top.GetProperty("id").GetString(), top.GetProperty("origin").GetString()));
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=alert.feedback&entityId={id}", Ct);
        Assert.Single(audit.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Feedback_TwoDecisionsSentTogether_OneLandsAndTheOtherLeavesNoTrace()
    {
        using var alice = await server.ClientWithRoleAsync("Analyst");
        using var bob = await server.ClientWithRoleAsync("Analyst");
        var run = Guid.NewGuid().ToString("N");
        var ids = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await IngestAsync(alice, $"Racing webshell {run} number {(char)('a' + i)} fired"));
        }

        // Both analysts decide on the same version at the same moment; only one decision may reach library, alert and audit.
        var answers = await Task.WhenAll(ids.Select(async id =>
        {
            var seen = (await alice.GetFromJsonAsync<JsonElement>($"api/v1/alerts/{id}", Ct)).GetProperty("version").GetInt64();
            var both = await Task.WhenAll(
                alice.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "confirm", techniques = new[] { "T1505.003" }, expectedVersion = seen }, Ct),
                bob.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "correct", techniques = new[] { "T1190" }, expectedVersion = seen }, Ct));
            return (id, seen, both);
        }));

        using var admin = await server.AdminAsync();
        var library = await alice.GetFromJsonAsync<JsonElement>($"api/v1/alert-library?q={run}&take=50", Ct);
        foreach (var (id, seen, both) in answers)
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], both.Select(r => r.StatusCode).Order());
            var winner = await ReadAsync(both.Single(r => r.IsSuccessStatusCode));
            var stored = await alice.GetFromJsonAsync<JsonElement>($"api/v1/alerts/{id}", Ct);
            Assert.Equal(seen + 1, stored.GetProperty("version").GetInt64());
            Assert.Equal(winner.GetProperty("alert").GetProperty("state").GetString(), stored.GetProperty("state").GetString());
            var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=alert.feedback&entityId={id}", Ct);
            Assert.Single(audit.GetProperty("items").EnumerateArray());
        }

        var entries = library.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(ids.Count, entries.Count);
        Assert.All(entries, e => Assert.Single(e.GetProperty("history").EnumerateArray()));
    }

    // QA: a decision sent without expectedVersion (automation) claimed the alert at the version it happened to read, so
    // of several sent together most were refused with a 409 about a version the caller never named.
    [Fact]
    public async Task Feedback_SixUnversionedDecisionsSentTogether_AllLandAndEachIsAudited()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var id = await IngestAsync(analyst, $"Unversioned racing decisions {Guid.NewGuid():N} fired");
        var techniques = new[] { "T1190", "T1505.003", "T1059.001", "T1071.001", "T1105", "T1133" };

        var answers = await Task.WhenAll(techniques.Select(t =>
            analyst.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "correct", techniques = new[] { t } }, Ct)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var stored = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/alerts/{id}", Ct);
        Assert.Equal("corrected", stored.GetProperty("state").GetString());
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=alert.feedback&entityId={id}", Ct);
        Assert.Equal(techniques.Length, audit.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task DecisionStoredByAnotherInstance_MapsWithItOnceTheLibraryRefreshes()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var title = $"Beacon to rare domain {Guid.NewGuid():N} over DNS";
        var services = server.App.Services;
        // Another instance on the same database: its own store and library.
        var elsewhere = await AlertLibrary.OpenAsync(new EfAlertLibraryStore(services.GetRequiredService<IDbContextFactory<TesseraDbContext>>()),
            TimeProvider.System, Ct);
        await elsewhere.CorrectAsync(title, "carol", ["T1071.004"], Ct);

        var before = await TopAsync(analyst, title);
        var changed = await services.GetRequiredService<AlertMappingService>().RefreshLibraryAsync(Ct);
        var after = await TopAsync(analyst, title);

        Assert.NotEqual("analyst", before.Origin);
        Assert.True(changed >= 1);
        Assert.Equal(("T1071.004", "analyst"), after);
    }

    private static async Task<(string? Id, string? Origin)> TopAsync(HttpClient client, string title)
    {
        var response = await client.PostAsync("api/v1/alerts/map", Body(JsonSerializer.Serialize(new { id = "x", title })), Ct);
        var top = (await ReadAsync(response)).GetProperty("techniques")[0];
        return (top.GetProperty("id").GetString(), top.GetProperty("origin").GetString());
    }

    [Fact]
    public async Task Feedback_InvalidTechniqueIds_Returns400NamingThem()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var id = await IngestAsync(analyst, "Invalid feedback target " + Guid.NewGuid());

        var response = await analyst.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "correct", techniques = new[] { "T1190", "TA0001", "<b>x</b>" } }, Ct);
        var badAction = await analyst.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "approve" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await ReadAsync(response)).GetProperty("detail").GetString();
        Assert.Contains("'TA0001'", detail);
        Assert.Contains("'<b>x</b>'", detail);
        Assert.DoesNotContain("'T1190'", detail);
        Assert.Equal(HttpStatusCode.BadRequest, badAction.StatusCode);
        var longNote = await analyst.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "confirm", techniques = new[] { "T1190" }, note = new string('n', 2001) }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, longNote.StatusCode);
        var noteProblem = await ReadAsync(longNote);
        Assert.Contains("note has 2,001 characters; at most 2,000", noteProblem.GetProperty("detail").GetString());
        // Filed under the field it is about (it was under "techniques").
        Assert.Equal(["note"], noteProblem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal("new", (await analyst.GetFromJsonAsync<JsonElement>($"api/v1/alerts/{id}", Ct)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Feedback_V19TechniqueId_AcceptedAndFlagged()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var id = await IngestAsync(analyst, "Stealthy new behaviour " + Guid.NewGuid());

        var result = await ReadAsync(await analyst.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "correct", techniques = new[] { "t1685" } }, Ct));

        Assert.Equal(["T1685"], result.GetProperty("unknownTechniques").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("corrected", result.GetProperty("alert").GetProperty("state").GetString());
        Assert.Contains(result.GetProperty("alert").GetProperty("mapping").GetProperty("notices").EnumerateArray(),
            n => n.GetString()!.StartsWith("T1685 is not in ATT&CK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Viewer_CannotIngestOrGiveFeedback()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var id = await IngestAsync(analyst, "Viewer target " + Guid.NewGuid());

        var feedback = await viewer.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "reject" }, Ct);
        var ingest = await viewer.PostAsync("api/v1/alerts", Body("{\"title\":\"x\"}"), Ct);
        var import = await viewer.PostAsync("api/v1/alert-library/import", Body("{}"), Ct);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (feedback.StatusCode, ingest.StatusCode, import.StatusCode));
    }

    [Fact]
    public async Task LibraryImport_OneBadEntry_ImportsNothingThenGoodFileIsSearchable()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var marker = "zq" + Guid.NewGuid().ToString("N")[..8];
        string File(string second) => $$"""
            {"format":"tessera-alert-library","version":1,"entries":[
              {"signature":"a","exampleTitle":"Imported {{marker}} alpha","confirmed":["T1046"]},
              {"signature":"b","exampleTitle":"Imported {{marker}} beta","confirmed":["{{second}}"]}]}
            """;

        var bad = await analyst.PostAsync("api/v1/alert-library/import", Body(File("T10")), Ct);
        var none = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/alert-library?q={marker}", Ct);
        var good = await analyst.PostAsync("api/v1/alert-library/import", Body(File("T1685")), Ct);
        var found = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/alert-library?q={marker}", Ct);
        var export = await analyst.GetStringAsync("api/v1/alert-library/export", Ct);
        var again = await ReadAsync(await analyst.PostAsync("api/v1/alert-library/import", Body(File("T1685")), Ct));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("entry 1", (await ReadAsync(bad)).GetProperty("detail").GetString());
        Assert.Equal(0, none.GetProperty("total").GetInt32());
        var imported = await ReadAsync(good);
        Assert.Equal((2, 0), (imported.GetProperty("imported").GetInt32(), imported.GetProperty("unchanged").GetInt32()));
        // The same file again changes nothing, and says so.
        Assert.Equal((0, 2), (again.GetProperty("imported").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        Assert.Contains("T1685", imported.GetProperty("warnings")[0].GetString());
        Assert.Equal(2, found.GetProperty("total").GetInt32());
        Assert.Contains(marker, export);
    }
}
