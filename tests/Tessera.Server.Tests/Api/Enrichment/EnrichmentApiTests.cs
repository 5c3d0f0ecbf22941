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

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Get_ScheduledTask_KnowledgeAndCoverage()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        await Json(await engineer.PostAsJsonAsync("api/v1/rules", new
        {
            source = "Splunk", externalId = "enrich-schtasks", title = "Scheduled task created", queryText = "index=wineventlog EventCode=4698",
            techniques = new[] { "T1053.005" }, tactics = new[] { "persistence" }, dataSources = new[] { "WinEventLog:Security" }, owner = "soc",
        }, Ct), HttpStatusCode.Created);
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var e = await Json(await viewer.GetAsync("api/v1/enrich?technique=T1053.005&procedures=3", Ct), HttpStatusCode.OK);

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
        var before = await Json(await viewer.GetAsync("api/v1/enrich?technique=T1134.001", Ct), HttpStatusCode.OK);
        await Json(await engineer.PostAsJsonAsync("api/v1/rules", new
        {
            source = "Kql", externalId = "enrich-token-theft", title = "Token impersonation", queryText = "DeviceEvents | where ActionType == 'TokenImpersonation'",
            techniques = new[] { "T1134.001" }, dataSources = new[] { "WinEventLog:Security" },
        }, Ct), HttpStatusCode.Created);

        var after = await Json(await viewer.GetAsync("api/v1/enrich?technique=T1134.001", Ct), HttpStatusCode.OK);

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

        var problem = await Json(await viewer.GetAsync($"api/v1/enrich?technique={id}", Ct), expected);

        Assert.Contains(id, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Get_Anonymous_Unauthorized()
    {
        using var anonymous = server.Anonymous();

        var response = await anonymous.GetAsync("api/v1/enrich?technique=T1053.005", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_ElasticAlertWithVendorTechniques_EnrichesKnownAndFlagsV19()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var alert = new Dictionary<string, object>
        {
            ["@timestamp"] = "2025-05-01T10:00:00Z",
            ["kibana.alert.rule.name"] = "Scheduled task created by a script interpreter",
            ["kibana.alert.uuid"] = "a-1",
            ["threat"] = new[] { new { technique = new[] { new { id = "T1053", name = "Scheduled Task/Job", subtechnique = new[] { new { id = "T1053.005", name = "Scheduled Task" } } } } } },
            ["kibana.alert.rule.threat.technique.id"] = "T1685",
        };

        var e = await Json(await viewer.PostAsJsonAsync("api/v1/enrich", alert, Ct), HttpStatusCode.OK);

        Assert.Equal("Elastic", e.GetProperty("alert").GetProperty("shape").GetString());
        Assert.Equal("vendor-metadata", e.GetProperty("mappedBy").GetString());
        Assert.Equal(["T1053", "T1053.005"], e.GetProperty("techniques").EnumerateArray().Select(t => t.GetProperty("id").GetString()).Order());
        var unknown = Assert.Single(e.GetProperty("unknownTechniques").EnumerateArray());
        Assert.Equal(("T1685", "not in enterprise-attack@18.1"), (unknown.GetProperty("id").GetString(), unknown.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Post_AlertWithoutTechniques_EmptyWithNotice()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var e = await Json(await viewer.PostAsJsonAsync("api/v1/enrich", new { title = "Suspicious login", id = "x-1" }, Ct), HttpStatusCode.OK);

        Assert.Empty(e.GetProperty("techniques").EnumerateArray());
        Assert.Contains(e.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("names no ATT&CK technique"));
    }

    [Theory]
    [InlineData("{\"title\": ")] // truncated JSON
    [InlineData("[1, 2]")] // JSON, but not an object
    [InlineData("{\"foo\": \"bar\"}")] // an object of no known alert shape
    public async Task Post_NotAnAlert_BadRequestProblem(string body)
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var problem = await Json(await viewer.PostAsync("api/v1/enrich", new StringContent(body, Encoding.UTF8, "application/json"), Ct), HttpStatusCode.BadRequest);

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
