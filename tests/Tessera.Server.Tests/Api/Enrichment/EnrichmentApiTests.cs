using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Enrichment;
using Tessera.Core.Runbooks;
using Tessera.Server.Api.Enrichment;
using Tessera.Server.Knowledge;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Enrichment;

/// <summary>SOAR enrichment end to end against Enterprise 18.1 with a Viewer API key (Read permission only).</summary>
public sealed class EnrichmentApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_ScheduledTask_KnowledgeAndCoverage()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        await (await engineer.PostAsJsonAsync("api/v1/rules", new
        {
            source = "Splunk", externalId = "enrich-schtasks", title = "Scheduled task created", queryText = "index=wineventlog EventCode=4698",
            techniques = new[] { "T1053.005" }, tactics = new[] { "persistence" }, dataSources = new[] { "WinEventLog:Security" }, owner = "soc",
        }, Ct)).ExpectJsonAsync(HttpStatusCode.Created);
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var e = await (await viewer.GetAsync("api/v1/enrich?technique=T1053.005&procedures=3", Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Scheduled Task", e.GetProperty("name").GetString());
        Assert.DoesNotContain("(Citation:", e.GetProperty("description").GetString());
        Assert.Equal(["execution", "persistence", "privilege-escalation"], e.GetProperty("tactics").EnumerateArray().Select(t => t.GetProperty("shortName").GetString()).Order());
        Assert.Equal(3, e.GetProperty("procedures").GetArrayLength());
        Assert.True(e.GetProperty("proceduresTotal").GetInt32() > 3);
        Assert.Contains(e.GetProperty("groups").EnumerateArray(), g => g.GetProperty("id").GetString() == "G0016"); // APT29 uses schtasks
        Assert.Contains(e.GetProperty("related").EnumerateArray(), r => r.GetProperty("id").GetString() == "T1053.003"); // sibling: Cron
        var coverage = e.GetProperty("coverage");
        Assert.Contains(coverage.GetProperty("rules").EnumerateArray(), r => r.GetProperty("externalId").GetString() == "enrich-schtasks");
        Assert.NotEqual("gap", coverage.GetProperty("state").GetString());
        Assert.Empty(e.GetProperty("openIncidents").EnumerateArray());
    }

    [Fact]
    public async Task Get_AfterRuleCreatedThroughApi_CachedCoverageIsRefreshed()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        // The first answer fills the coverage cache; the rule created next must show up at once, not after it expires.
        var before = await (await viewer.GetAsync("api/v1/enrich?technique=T1134.001", Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await engineer.PostAsJsonAsync("api/v1/rules", new
        {
            source = "Kql", externalId = "enrich-token-theft", title = "Token impersonation", queryText = "DeviceEvents | where ActionType == 'TokenImpersonation'",
            techniques = new[] { "T1134.001" }, dataSources = new[] { "WinEventLog:Security" },
        }, Ct)).ExpectJsonAsync(HttpStatusCode.Created);

        var after = await (await viewer.GetAsync("api/v1/enrich?technique=T1134.001", Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.DoesNotContain(before.GetProperty("coverage").GetProperty("rules").EnumerateArray(), r => r.GetProperty("externalId").GetString() == "enrich-token-theft");
        Assert.Contains(after.GetProperty("coverage").GetProperty("rules").EnumerateArray(), r => r.GetProperty("externalId").GetString() == "enrich-token-theft");
    }

    [Theory]
    [InlineData("T1685", HttpStatusCode.NotFound)] // a v19 ID: well formed, absent from 18.1
    [InlineData("T9999.999", HttpStatusCode.NotFound)]
    [InlineData("TA0006", HttpStatusCode.BadRequest)] // a tactic ID, not a technique
    [InlineData("T1053.5", HttpStatusCode.BadRequest)]
    public async Task Get_UnknownOrMalformedId_ProblemNamingIt(string id, HttpStatusCode expected)
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var problem = await (await viewer.GetAsync($"api/v1/enrich?technique={id}", Ct)).ExpectJsonAsync(expected);

        Assert.Contains(id, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Get_Anonymous_Unauthorized()
    {
        using var anonymous = server.Anonymous();

        var response = await anonymous.GetAsync("api/v1/enrich?technique=T1053.005", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    // POST /enrich looked for an AlertMapper in DI, which was never registered: it used only the alert's own technique
    // IDs, ignored ?top= and said the model "is not loaded" while /alerts/map on the same server mapped the alert.
    [Fact]
    public async Task Post_AlertWithoutTechniqueIds_MappedByTheServersMapperUpToTop()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var alert = new { title = "Mimikatz credential dumping", id = "enrich-mapper-1" };

        var mapped = await (await viewer.PostAsJsonAsync("api/v1/alerts/map?top=2", alert, Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        var two = await (await viewer.PostAsJsonAsync("api/v1/enrich?top=2", alert, Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        var one = await (await viewer.PostAsJsonAsync("api/v1/enrich?top=1", alert, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        static List<string?> Ids(JsonElement e) => e.GetProperty("techniques").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        Assert.Equal("alert-mapper", two.GetProperty("mappedBy").GetString());
        Assert.Equal(Ids(mapped), Ids(two));
        Assert.Equal(2, Ids(two).Count);
        Assert.Equal([Ids(mapped)[0]], Ids(one));
        Assert.Contains("T1003", Ids(mapped)[0]);
        Assert.Empty(two.GetProperty("notices").EnumerateArray());
    }

    // The 8 MB cap was checked on Content-Length only: the same 9 MB alert sent chunked (no length) was parsed and
    // answered 200.
    [Fact]
    public async Task Post_ChunkedBodyOverTheCap_PayloadTooLarge()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var json = Encoding.UTF8.GetBytes($"{{\"title\":\"padded alert\",\"pad\":\"{new string('B', (int)EnrichmentEndpoints.MaxAlertBytes)}\"}}");
        var small = Encoding.UTF8.GetBytes("{\"title\":\"Mimikatz credential dumping\"}");

        var large = await viewer.PostAsync("api/v1/enrich", new UnsizedContent(json), Ct);
        var fits = await viewer.PostAsync("api/v1/enrich", new UnsizedContent(small), Ct);

        var problem = await (large).ExpectJsonAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal($"an alert is at most {EnrichmentEndpoints.MaxAlertBytes:N0} bytes.", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
    }

    [Theory]
    [InlineData("{\"title\": ")] // truncated JSON
    [InlineData("[1, 2]")] // JSON, but not an object
    [InlineData("{\"foo\": \"bar\"}")] // an object of no known alert shape
    public async Task Post_NotAnAlert_BadRequestProblem(string body)
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var problem = await (await viewer.PostAsync("api/v1/enrich", new StringContent(body, Encoding.UTF8, "application/json"), Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Enrich_WithRunbookAndIncidentSources_IncludesBoth()
    {
        var runbook = new RunbookEntry
        {
            Id = Guid.NewGuid(), Title = "Scheduled task triage", Scope = RunbookScope.Technique, Target = "T1053",
            Markdown = "1. List tasks with `schtasks /query`\n2. <script>alert(1)</script>", Owner = "ir", Updated = DateTimeOffset.UnixEpoch,
        };
        var enricher = new TechniqueEnricher(server.App.Services.GetRequiredService<CoverageReportCache>(), new FixedRunbooks(new RunbookLibrary([runbook])), new FixedIncidents());
        var attack = server.App.Services.GetRequiredService<KnowledgeBaseHost>().Latest(AttackDomain.Enterprise)!;

        var e = (await enricher.EnrichAsync(attack, [attack.LookupTechnique("T1053.005")], 1, Ct))[0];

        var match = Assert.Single(e.Runbooks);
        Assert.Equal(("ParentTechnique", runbook.Id), (match.Reason, match.Id));
        Assert.DoesNotContain("<script>", match.Html);
        Assert.Equal("INC-7", Assert.Single(e.OpenIncidents).Id);
    }

    /// <summary>A JSON body of unknown length, so the client sends it chunked without a Content-Length.</summary>
    private sealed class UnsizedContent : HttpContent
    {
        private readonly byte[] _data;

        public UnsizedContent(byte[] data)
        {
            _data = data;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_data).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private sealed class FixedRunbooks(RunbookLibrary library) : IRunbookLibrarySource
    {
        public Task<RunbookLibrary> GetAsync(CancellationToken ct) => Task.FromResult(library);
    }

    private sealed class FixedIncidents : IIncidentTechniqueLookup
    {
        public Task<IReadOnlyList<OpenIncidentRef>> OpenWithTechniqueAsync(TechniqueId technique, int take, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<OpenIncidentRef>>(technique.Value == "T1053.005" ? [new OpenIncidentRef("INC-7", "Persistence on web-01", "Open")] : []);
    }
}
