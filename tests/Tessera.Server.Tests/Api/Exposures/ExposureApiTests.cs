using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Infrastructure.Storage;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Exposures;

public sealed class ExposureApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Real KEV CVEs: Log4Shell and MOVEit are in the CTID KEV mappings (exploitation technique T1190);
    // CVE-2024-3400 (PAN-OS) is a KEV entry those mappings do not cover, so it links to nothing.
    private static string Scan(string tag) => $"""
        id,cve,asset,severity,title,techniques
        A-1,CVE-2021-44228,app-{tag},high,Log4Shell,
        A-2,CVE-2024-3400,fw-{tag},critical,PAN-OS GlobalProtect command injection,
        A-3,CVE-2023-34362,mft-{tag},medium,MOVEit Transfer SQL injection,
        A-4,,dc-{tag},low,Cloud role trust too broad,T1098.003
        """;

    private static string Tag() => Guid.NewGuid().ToString("N")[..8];

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, string body, string mediaType = "text/csv") =>
        await client.PostAsync("api/v1/exposures/import", new StringContent(body, Encoding.UTF8, mediaType), Ct);

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>("api/v1/exposures?" + query, Ct)).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task Import_KevCves_MappedExposureOutranksUnmappedCriticalWithReason()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");

        var response = await ImportAsync(analyst, Scan(tag));
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var mine = await ListAsync(viewer, "asset=" + tag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((4, 4), (summary.GetProperty("rowsRead").GetInt32(), summary.GetProperty("added").GetInt32()));
        // No rule covers anything on this server: high Log4Shell (0.75 × (1 + 1)) beats the unmapped critical PAN-OS (1 × 1).
        Assert.Equal(["CVE-2021-44228", "CVE-2024-3400", "CVE-2023-34362", null], mine.Select(e => e.GetProperty("cve").GetString()));
        Assert.Equal(1.5, mine[0].GetProperty("score").GetDouble());
        Assert.StartsWith("raised ×2: T1190 (exploitation technique) has no detection", mine[0].GetProperty("reason").GetString());
        Assert.StartsWith("no technique mapped", mine[1].GetProperty("reason").GetString());
        var t1190 = mine[0].GetProperty("techniques").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "T1190");
        Assert.Equal(("ctid-kev", "gap", "Exploit Public-Facing Application"),
            (t1190.GetProperty("origin").GetString(), t1190.GetProperty("coverage").GetString(), t1190.GetProperty("name").GetString()));
        Assert.Equal("import", mine[3].GetProperty("techniques")[0].GetProperty("origin").GetString());
        // The file's techniques column was described as "mapped by hand", which it was not (and cannot be removed here).
        Assert.Contains("(named by the import file) has no detection", mine[3].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gaps_AfterImport_TechniqueRaisedByTheExposuresMappingToIt()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, Scan(tag));

        var gaps = await analyst.GetFromJsonAsync<JsonElement>("api/v1/exposures/gaps?limit=500", Ct);

        Assert.StartsWith("gap priority = uncovered", gaps.GetProperty("formula").GetString());
        var items = gaps.GetProperty("items").EnumerateArray().ToList();
        var t1190 = items.Single(g => g.GetProperty("id").GetString() == "T1190");
        var t1098 = items.Single(g => g.GetProperty("id").GetString() == "T1098.003");
        Assert.True(t1190.GetProperty("exposureCount").GetInt32() >= 2);
        Assert.Contains("exposures map here", t1190.GetProperty("reason").GetString());
        // More (and more severe) exposures behind T1190 than behind T1098.003: it sits higher in the queue.
        Assert.True(items.IndexOf(t1190) < items.IndexOf(t1098));
        Assert.True(t1190.GetProperty("score").GetDouble() > t1190.GetProperty("uncovered").GetDouble());
    }

    [Fact]
    public async Task Import_BadCsvLines_Returns400WithEveryLineAndStoresNothing()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var csv = $"""
            id,cve,asset,severity,title
            B-1,CVE-2021-44228,ok-{tag},high,a good row
            B-2,CVE-21-1,bad-{tag},urgent,two bad fields
            B-3,CVE-2021-44228,ok-{tag},high,same CVE and asset again
            """;

        var response = await ImportAsync(analyst, csv);
        var stored = await ListAsync(analyst, "asset=" + tag);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("nothing was imported", problem.GetProperty("detail").GetString());
        Assert.Equal([(3, "cve"), (3, "severity"), (4, "cve")],
            problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())));
        Assert.Empty(stored);
    }

    [Fact]
    public async Task Import_BadJsonObject_Returns400WithItsLineAndStoresNothing()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var json = $$"""
            [
              {"id": "J-1", "cve": "CVE-2023-4966", "asset": "vpn-{{tag}}", "severity": "critical", "title": "Citrix Bleed"},
              {"id": "J-2", "asset": "vpn-{{tag}}", "severity": 12, "title": "score out of range"}
            ]
            """;

        var response = await ImportAsync(analyst, json, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateArray());
        Assert.Equal((3, "severity", "import.json"), (error.GetProperty("line").GetInt32(), error.GetProperty("field").GetString(), error.GetProperty("file").GetString()));
        Assert.Empty(await ListAsync(analyst, "asset=" + tag));
    }

    [Fact]
    public async Task Import_CompactJsonWithLoneSurrogate_Returns400NamingRowAndFieldAndStoresNothing()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var json = $$"""[{"id":"K-1","asset":"h-{{tag}}","severity":"low","title":"fine"},{"id":"K-2","asset":"h-{{tag}}","severity":"low","title":"bad \ud800"}]""";

        var response = await ImportAsync(analyst, json, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateArray());
        Assert.Equal((1, 1, "title"), (error.GetProperty("line").GetInt32(), error.GetProperty("index").GetInt32(), error.GetProperty("field").GetString()));
        Assert.Contains("not valid text", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await ListAsync(analyst, "asset=" + tag));
    }

    [Fact]
    public async Task Import_SameFileTwice_SecondReportsEverythingUnchanged()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, Scan(tag));

        var again = await (await ImportAsync(analyst, Scan(tag))).Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal((0, 0, 4, 0), (again.GetProperty("added").GetInt32(), again.GetProperty("updated").GetInt32(), again.GetProperty("unchanged").GetInt32(),
            again.GetProperty("reopened").GetInt32()));
        Assert.Equal(4, (await ListAsync(analyst, "asset=" + tag)).Count);
    }

    [Fact]
    public async Task Import_AsViewer_Returns403()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var response = await ImportAsync(viewer, Scan(Tag()));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ManualMapping_AddThenRemove_RanksByItAndAuditsBeforeAndAfter()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, Scan(tag));
        var panos = (await ListAsync(analyst, $"asset=fw-{tag}")).Single();
        var id = panos.GetProperty("id").GetString();

        var added = await analyst.PostAsJsonAsync($"api/v1/exposures/{id}/techniques", new { technique = "t1190" }, Ct);
        var duplicate = await analyst.PostAsJsonAsync($"api/v1/exposures/{id}/techniques", new { technique = "T1190" }, Ct);
        var bad = await analyst.PostAsJsonAsync($"api/v1/exposures/{id}/techniques", new { technique = "TA0001" }, Ct);
        var mapped = await added.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var removed = await analyst.DeleteAsync($"api/v1/exposures/{id}/techniques/T1190", Ct);
        var removedAgain = await analyst.DeleteAsync($"api/v1/exposures/{id}/techniques/T1190", Ct);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.NotFound],
            [added.StatusCode, duplicate.StatusCode, bad.StatusCode, removed.StatusCode, removedAgain.StatusCode]);
        var technique = Assert.Single(mapped.GetProperty("techniques").EnumerateArray());
        Assert.Equal(("T1190", "manual", "Manual"),
            (technique.GetProperty("id").GetString(), technique.GetProperty("origin").GetString(), technique.GetProperty("type").GetString()));
        Assert.Equal(2.0, mapped.GetProperty("score").GetDouble());
        Assert.Empty((await removed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("techniques").EnumerateArray());
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=exposure.technique.add&entityId={id}", Ct);
        var entry = Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("event");
        Assert.Contains("\"manual\":[]", entry.GetProperty("beforeJson").GetString());
        Assert.Contains("\"manual\":[\"T1190\"]", entry.GetProperty("afterJson").GetString());
    }

    [Fact]
    public async Task List_TechniqueStateAndPaging_FilterAndPage()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, Scan(tag));

        var byParent = await ListAsync(analyst, $"asset={tag}&technique=T1098");
        var gapState = await ListAsync(analyst, $"asset={tag}&state=gap");
        var page2 = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/exposures?asset={tag}&page=2&pageSize=3", Ct);
        var badState = await analyst.GetAsync($"api/v1/exposures?state=covered", Ct);
        var badTechnique = await analyst.GetAsync($"api/v1/exposures?technique=garbage", Ct); // was 200 with an empty page

        Assert.Equal("T1098.003", byParent.Single().GetProperty("techniques")[0].GetProperty("id").GetString());
        // The unmapped PAN-OS exposure has no technique in any state.
        Assert.Equal(3, gapState.Count);
        Assert.Equal((4, 1), (page2.GetProperty("total").GetInt32(), page2.GetProperty("items").GetArrayLength()));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (badState.StatusCode, badTechnique.StatusCode));
        Assert.Contains("'garbage' is not a technique ID", await badTechnique.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Delete_Exposure_GoneAndAudited()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, Scan(tag));
        var id = (await ListAsync(analyst, $"asset=dc-{tag}")).Single().GetProperty("id").GetString();

        var deleted = await analyst.DeleteAsync($"api/v1/exposures/{id}", Ct);
        var get = await analyst.GetAsync($"api/v1/exposures/{id}", Ct);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (deleted.StatusCode, get.StatusCode));
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=exposure.delete&entityId={id}", Ct);
        Assert.Contains("T1098.003", Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("event").GetProperty("beforeJson").GetString());
    }

    // QA: an exposure deleted while it was being tagged or its status changed made those requests 500 ("Saved results
    // are not problems") after the write had landed and been audited: the endpoint read the exposure again for its
    // answer, found it gone, and handed the saved result to Problems.From. A trigger on the audit table (written after
    // the save, before the answer) deletes the exposure at exactly that point, so the race happens every time.
    [Theory]
    [InlineData("exposure.technique.add")]
    [InlineData("exposure.technique.remove")]
    [InlineData("exposure.status")]
    public async Task Write_ExposureDeletedAfterTheSave_200WithWhatWasSavedAndAudited(string action)
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, Scan(tag));
        var id = (await ListAsync(analyst, $"asset=fw-{tag}")).Single().GetProperty("id").GetString()!;
        if (action == "exposure.technique.remove")
        {
            (await analyst.PostAsJsonAsync($"api/v1/exposures/{id}/techniques", new { technique = "T1078" }, Ct)).EnsureSuccessStatusCode();
        }

        await using var db = server.App.Services.GetRequiredService<IDbContextFactory<TesseraDbContext>>().CreateDbContext();
        // DDL takes no parameters: the literals are this test's action names, a hex tag and a parsed GUID.
        var exposure = Guid.Parse(id).ToString();
        var create = $"""
            CREATE TRIGGER "gone_{tag}" AFTER INSERT ON audit_entries
            WHEN NEW."Action" = '{action}' AND NEW."EntityId" = '{exposure}'
            BEGIN DELETE FROM exposures WHERE lower("Id") = '{exposure}'; END
            """;
        var drop = $"DROP TRIGGER \"gone_{tag}\"";
        await db.Database.ExecuteSqlRawAsync(create, Ct);
        HttpResponseMessage response;
        try
        {
            response = action switch
            {
                "exposure.technique.add" => await analyst.PostAsJsonAsync($"api/v1/exposures/{id}/techniques", new { technique = "T1078" }, Ct),
                "exposure.technique.remove" => await analyst.DeleteAsync($"api/v1/exposures/{id}/techniques/T1078", Ct),
                _ => await analyst.PostAsJsonAsync($"api/v1/exposures/{id}/status", new { status = "resolved", reason = "patched" }, Ct),
            };
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync(drop, Ct);
        }

        var get = await analyst.GetAsync($"api/v1/exposures/{id}", Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (response.StatusCode, get.StatusCode));
        var view = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var techniques = view.GetProperty("techniques").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        Assert.Equal((id, action == "exposure.technique.add", action == "exposure.status" ? "resolved" : "open"),
            (view.GetProperty("id").GetString(), techniques.Contains("T1078"), view.GetProperty("status").GetString()));
        // The client is told the write happened, and the audit says so.
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action={action}&entityId={id}", Ct);
        var after = Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("event").GetProperty("afterJson").GetString();
        Assert.Contains(action switch
        {
            "exposure.technique.add" => "\"manual\":[\"T1078\"]",
            "exposure.technique.remove" => "\"manual\":[]",
            _ => "\"status\":\"resolved\"",
        }, after, StringComparison.Ordinal);
    }

    // QA's shape of the race above: nineteen taggings and one delete at once. Whatever order they land in, each tagging
    // is answered 200 (saved), 409 (already mapped) or 404 (gone), never 500, and only the 200s are audited.
    [Fact]
    public async Task AddTechnique_NineteenAtOnceWithADelete_NoServerErrorAndOnlyAnsweredWritesAudited()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, Scan(tag));
        var id = (await ListAsync(analyst, $"asset=fw-{tag}")).Single().GetProperty("id").GetString()!;

        var tagging = Enumerable.Range(0, 19)
            .Select(_ => Task.Run(() => analyst.PostAsJsonAsync($"api/v1/exposures/{id}/techniques", new { technique = "T1078" }, Ct), Ct)).ToList();
        var delete = Task.Run(() => analyst.DeleteAsync($"api/v1/exposures/{id}", Ct), Ct);
        var answers = await Task.WhenAll(tagging);

        Assert.Equal(HttpStatusCode.NoContent, (await delete).StatusCode);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.NotFound }));
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) <= 1);
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=exposure.technique.add&entityId={id}", Ct);
        Assert.Equal(answers.Count(a => a.StatusCode == HttpStatusCode.OK), audit.GetProperty("items").GetArrayLength());
    }
}
