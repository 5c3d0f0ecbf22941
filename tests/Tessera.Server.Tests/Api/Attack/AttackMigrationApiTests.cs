using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Attack;

/// <summary>POST /api/v1/attack/migrations on a real server with the shared 17.1 and 18.1 bundles loaded.</summary>
public sealed class AttackMigrationApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrate_AsAnalyst_Forbidden()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");

        var response = await analyst.PostAsJsonAsync("api/v1/attack/migrations", new { from = "17.1", to = "18.1" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Migrate_UnknownRelease_NotFoundProblem()
    {
        using var admin = await server.AdminAsync();

        var problem = await (await admin.PostAsJsonAsync("api/v1/attack/migrations", new { from = "12.0", to = "18.1" }, Ct)).ExpectJsonAsync(HttpStatusCode.NotFound);

        Assert.Contains("must both be loaded", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Migrate_ToAnOlderRelease_BadRequestAndNothingAudited(bool apply)
    {
        using var admin = await server.AdminAsync();

        var problem = await (await admin.PostAsJsonAsync("api/v1/attack/migrations", new { from = "18.1", to = "17.1", apply }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("17.1 is older than 18.1", problem.GetProperty("detail").GetString());
        var audit = await admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=attack.migrate", Ct);
        Assert.DoesNotContain("enterprise-attack@18.1→enterprise-attack@17.1", audit.GetRawText().Replace("\\u2192", "→"));
    }

    [Fact]
    public async Task Migrate_FromOrToMissing_BadRequestNamingBoth()
    {
        using var admin = await server.AdminAsync();

        foreach (var body in new object[] { new { }, new { from = "17.1" }, new { to = "18.1" }, new { from = " ", to = "18.1" } })
        {
            var problem = await (await admin.PostAsJsonAsync("api/v1/attack/migrations", body, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

            Assert.Contains("'from' and 'to' are required", problem.GetProperty("detail").GetString());
        }
    }

    // T1086 (PowerShell) is revoked by T1059.001 in 18.1: the preview proposes the rewrite, apply performs and audits it.
    [Fact]
    public async Task Migrate_PreviewThenApply_RewritesRuleTagAndAudits()
    {
        using var admin = await server.AdminAsync();
        var created = await admin.PostAsJsonAsync("api/v1/rules", new
        {
            source = "Splunk", externalId = "migrate-ps", title = "PowerShell via T1086", queryText = "index=win powershell",
            techniques = new[] { "T1086" }, tactics = new[] { "execution" }, dataSources = new[] { "WinEventLog:Security" },
        }, Ct);
        var rule = await created.ExpectJsonAsync(HttpStatusCode.Created);
        var ruleId = rule.GetProperty("id").GetString();

        var preview = await (await admin.PostAsJsonAsync("api/v1/attack/migrations", new { from = "17.1", to = "18.1" }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        var applied = await (await admin.PostAsJsonAsync("api/v1/attack/migrations", new { from = "17.1", to = "18.1", apply = true }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.False(preview.GetProperty("applied").GetBoolean());
        var item = preview.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("ownerId").GetString() == ruleId);
        Assert.Equal(("T1086", "replace", "T1059.001"), (item.GetProperty("techniqueId").GetString(), item.GetProperty("action").GetString()!.ToLowerInvariant(), item.GetProperty("newId").GetString()));
        Assert.True(applied.GetProperty("applied").GetBoolean());
        var after = await admin.GetFromJsonAsync<JsonElement>($"api/v1/rules/{ruleId}", Ct);
        Assert.Equal("T1059.001", after.GetProperty("rule").GetProperty("techniques")[0].GetProperty("id").GetString());
        Assert.Contains("T1086 → T1059.001", after.GetProperty("history").GetRawText().Replace("\\u2192", "→"));
        var audit = await admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=attack.migrate", Ct);
        Assert.Contains("T1086", audit.GetRawText());
    }

    // The mapper's own library copy follows the rewrite: a stale copy would go on suggesting the revoked ID.
    [Fact]
    public async Task Migrate_Apply_LibraryEntryRewrittenAndTheMapperSuggestsTheNewId()
    {
        await Incidents.IncidentAlertApiTests.MapperReadyAsync(server);
        using var admin = await server.AdminAsync();
        var run = Guid.NewGuid().ToString("N");
        var title = $"PowerShell encoded command {run} spawned";
        var id = await Alerts.AlertApiTests.IngestAsync(admin, title);
        (await admin.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "correct", techniques = new[] { "T1086" } }, Ct)).EnsureSuccessStatusCode();

        await (await admin.PostAsJsonAsync("api/v1/attack/migrations", new { from = "17.1", to = "18.1", apply = true }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        var mapped = await (await admin.PostAsJsonAsync("api/v1/alerts/map", new { id = "m", title }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        var top = mapped.GetProperty("techniques")[0];
        Assert.Equal(("T1059.001", "analyst"), (top.GetProperty("id").GetString(), top.GetProperty("origin").GetString()));
        var library = await admin.GetFromJsonAsync<JsonElement>($"api/v1/alert-library?q={run}", Ct);
        Assert.Equal("T1059.001", library.GetProperty("items")[0].GetProperty("confirmed")[0].GetString());
    }
}
