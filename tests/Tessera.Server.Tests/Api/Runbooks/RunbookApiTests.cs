using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Runbooks;

public sealed class RunbookApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> CreateAsync(HttpClient client, string scope, string target, string title, string markdown = "1. step")
    {
        var response = await client.PostAsJsonAsync("api/v1/runbooks", new { scope, target, title, markdown, owner = "ir-team" }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    [Fact]
    public async Task List_ForSubTechnique_ReturnsOwnParentAndTacticRunbooksMostSpecificFirst()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var tag = Guid.NewGuid().ToString("N")[..6];
        await CreateAsync(engineer, "Tactic", "execution", "execution " + tag);
        await CreateAsync(engineer, "Technique", "T1059", "interpreters " + tag);
        await CreateAsync(engineer, "Technique", "t1059.001", "powershell " + tag);
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var matches = await viewer.GetFromJsonAsync<JsonElement>("api/v1/runbooks?technique=T1059.001", Ct);

        var mine = matches.EnumerateArray().Where(m => m.GetProperty("runbook").GetProperty("title").GetString()!.EndsWith(tag)).ToList();
        Assert.Equal(["Technique", "ParentTechnique", "Tactic"], mine.Select(m => m.GetProperty("reason").GetString()));
        Assert.Equal("T1059.001", mine[0].GetProperty("runbook").GetProperty("target").GetString());
    }

    // A tactic target used to be checked for shape only: "made-up-tactic" was stored, and TA IDs were refused as malformed.
    [Theory]
    [InlineData("made-up-tactic")]
    [InlineData("TA9999")]
    public async Task Create_TacticNoLoadedReleaseHas_BadRequestNamingTargetAndValue(string target)
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");

        var response = await engineer.PostAsJsonAsync("api/v1/runbooks", new { scope = "Tactic", target, title = "unknown tactic", markdown = "x", owner = "ir" }, Ct);

        var problem = await response.ExpectJsonAsync(HttpStatusCode.BadRequest);
        Assert.StartsWith($"target: '{target}' is not a tactic of the loaded ATT&CK releases (", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("target", out _));
    }

    // A tactic filter no loaded release has answered an empty list, as if the tactic had no runbook; a tactic ID found none.
    [Fact]
    public async Task List_UnknownTactic_BadRequestListingTactics_TacticIdFinds()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var tag = Guid.NewGuid().ToString("N")[..6];
        await CreateAsync(engineer, "Tactic", "exfiltration", "exfiltration " + tag);
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var problem = await (await viewer.GetAsync("api/v1/runbooks?tactic=TA9999", Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);
        var byId = await viewer.GetFromJsonAsync<JsonElement>("api/v1/runbooks?tactic=TA0010", Ct);

        var errors = problem.GetProperty("errors").GetProperty("tactic").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.StartsWith("'TA9999' is not a tactic of the loaded ATT&CK releases (", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("the tactics are ", errors[1], StringComparison.Ordinal);
        Assert.Contains("exfiltration", errors[1], StringComparison.Ordinal);
        Assert.Contains(byId.EnumerateArray(), r => r.GetProperty("title").GetString() == "exfiltration " + tag);
    }

    [Fact]
    public async Task CreateAndUpdate_TacticIdOrV19Tactic_StoredAsShortName()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");

        var byId = await CreateAsync(engineer, "Tactic", "TA0006", "credential access by id");
        var v19 = await CreateAsync(engineer, "Tactic", "stealth", "v19 stealth");
        var updated = await engineer.PutAsJsonAsync($"api/v1/runbooks/{byId.GetProperty("id").GetString()}",
            new { scope = "Tactic", target = "TA9999", title = "credential access by id", markdown = "x", owner = "ir", version = 1 }, Ct);

        Assert.Equal(("credential-access", "stealth"), (byId.GetProperty("target").GetString(), v19.GetProperty("target").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, updated.StatusCode);
    }

    [Fact]
    public async Task Update_WithStaleVersion_Returns409WithCurrentVersion()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var created = await CreateAsync(engineer, "Technique", "T1003", "credential dumping");
        var id = created.GetProperty("id").GetString();
        var body = new { scope = "Technique", target = "T1003", title = "credential dumping", markdown = "v2", owner = "ir-team", version = 1 };

        var first = await engineer.PutAsJsonAsync($"api/v1/runbooks/{id}", body, Ct);
        var stale = await engineer.PutAsJsonAsync($"api/v1/runbooks/{id}", body with { markdown = "lost edit" }, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = await stale.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2, problem.GetProperty("current").GetProperty("version").GetInt64());
        Assert.Equal("v2", problem.GetProperty("current").GetProperty("markdown").GetString());
    }

    [Fact]
    public async Task Create_AsAnalyst_Returns403()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var response = await analyst.PostAsJsonAsync("api/v1/runbooks", new { scope = "Technique", target = "T1003", title = "x", markdown = "y" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Get_MarkdownWithScript_ReturnsEncodedHtml()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var created = await CreateAsync(engineer, "Technique", "T1566", "phishing", "<script>alert(1)</script> [x](javascript:alert(1))");

        var html = created.GetProperty("html").GetString()!;

        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public async Task Delete_WithoutVersion_Returns400AndWithCurrentVersion204()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var id = (await CreateAsync(engineer, "Tactic", "impact", "impact")).GetProperty("id").GetString();

        var missing = await engineer.DeleteAsync($"api/v1/runbooks/{id}", Ct);
        var deleted = await engineer.DeleteAsync($"api/v1/runbooks/{id}?version=1", Ct);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.NoContent), (missing.StatusCode, deleted.StatusCode));
    }

    // A runbook under the 100,000-character limit whose snapshot (markdown JSON-escaped, plus its HTML) passes the audit's
    // 256 KB cap used to be saved, then answered 500 with no audit entry (create, update and delete alike).
    [Fact]
    public async Task LargeRunbook_CreateAndDelete_SucceedAndAreAuditedWithASummary()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        using var admin = await server.AdminAsync();
        var created = await CreateAsync(engineer, "Technique", "T1003", "Quoted", new string('"', 50_000));
        var id = created.GetProperty("id").GetString();

        var deleted = await engineer.DeleteAsync($"api/v1/runbooks/{id}?version={created.GetProperty("version").GetInt64()}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?entityType=runbook&entityId={id}", Ct);
        var events = audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("event")).ToList();
        Assert.Equal(["runbook.delete", "runbook.create"], events.Select(e => e.GetProperty("action").GetString()));
        var summary = JsonDocument.Parse(events[1].GetProperty("afterJson").GetString()!).RootElement;
        Assert.True(summary.GetProperty("truncated").GetBoolean());
        Assert.True(summary.GetProperty("length").GetInt32() > 256 * 1024);
    }
}
