using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api;

/// <summary>
/// QA pass 6: a NUL character in the fields below was a 500 on PostgreSQL (which cannot store one) and was stored as it
/// was on SQLite. Each is now a 400 naming the field, on either provider, and nothing is saved.
/// </summary>
public sealed class ControlCharacterApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Text(JsonElement problem) => problem.GetRawText();

    [Fact]
    public async Task RuleOwner_WithNulOrLineBreak_400NamingOwnerAndRuleUnchanged()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var rule = await (await engineer.PostAsJsonAsync("api/v1/rules", new
        {
            source = "Splunk", externalId = "nul-owner-" + Guid.NewGuid().ToString("N")[..8], title = "Kerberoasting", queryText = "index=wineventlog EventCode=4769",
            techniques = new[] { "T1558.003" }, tactics = new[] { "credential-access" }, dataSources = new[] { "WinEventLog:Security" }, owner = "soc-team",
        }, Ct)).ExpectJsonAsync(HttpStatusCode.Created);
        var id = rule.GetProperty("id").GetGuid();
        var version = rule.GetProperty("version").GetInt64();

        var nul = await (await engineer.PatchAsJsonAsync($"api/v1/rules/{id}", new { version, owner = "a\0b" }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);
        var lineBreak = await (await engineer.PatchAsJsonAsync($"api/v1/rules/{id}", new { version, owner = "a\nb" }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("owner contains a control character (U+0000 at position 2)", Text(nul));
        Assert.Contains("owner contains a control character (U+000A at position 2)", Text(lineBreak));
        var stored = await engineer.GetFromJsonAsync<JsonElement>($"api/v1/rules/{id}", Ct);
        Assert.Equal(("soc-team", version), (stored.GetProperty("rule").GetProperty("owner").GetString(), stored.GetProperty("rule").GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task RunbookAndDataSource_WithNul_400NamingTheField()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");

        var runbook = await (await engineer.PostAsJsonAsync("api/v1/runbooks",
            new { scope = "Technique", target = "T1059", title = "t\0", markdown = "m", owner = "ir" }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);
        var markdown = await (await engineer.PostAsJsonAsync("api/v1/runbooks",
            new { scope = "Technique", target = "T1059", title = "Contain PowerShell", markdown = "step 1\n\0", owner = "ir" }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);
        var source = await (await engineer.PostAsJsonAsync("api/v1/data-sources",
            new { name = "ds\0", dataComponents = new[] { "DC0032" } }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("title contains a control character (U+0000 at position 2)", Text(runbook));
        Assert.Contains("markdown contains a control character (U+0000 at position 8)", Text(markdown));
        Assert.Contains("name contains a control character (U+0000 at position 3)", Text(source));
    }

    [Fact]
    public async Task SigmaImport_NulInOwnerPathOrAYamlValue_NothingImportedAndTheCulpritNamed()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var id = Guid.NewGuid();
        var rule = $"title: Whoami run\nid: {id}\nlogsource: {{product: windows, category: process_creation}}\ndetection: {{sel: {{Image|endswith: whoami.exe}}, condition: sel}}\ntags: [attack.t1033]\n";

        var owner = await (await engineer.PostAsJsonAsync("api/v1/rules/import/sigma",
            new { files = new[] { new { path = "whoami.yml", content = rule } }, owner = "o\0" }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);
        var path = await (await engineer.PostAsJsonAsync("api/v1/rules/import/sigma",
            new { files = new[] { new { path = "who\0ami.yml", content = rule } } }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);
        var escaped = await (await engineer.PostAsJsonAsync("api/v1/rules/import/sigma",
            new { files = new[] { new { path = "escaped.yml", content = rule.Replace("title: Whoami run", "title: \"nul\\0in title\"") } }, strict = true }, Ct)).ExpectJsonAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("owner contains a control character (U+0000 at position 2)", Text(owner));
        Assert.Contains("files[0].path contains a control character (U+0000 at position 4)", Text(path));
        var rejection = Assert.Single(escaped.GetProperty("rejections").EnumerateArray()).GetRawText();
        Assert.Contains("escaped.yml", rejection);
        Assert.Contains("NUL character", rejection);
        var rules = await engineer.GetFromJsonAsync<JsonElement>($"api/v1/rules?q=Whoami", Ct);
        Assert.DoesNotContain(rules.GetProperty("items").EnumerateArray(), r => r.GetRawText().Contains(id.ToString(), StringComparison.OrdinalIgnoreCase));
    }

    // QA pass 6 (B3): a decision named any number of techniques; beyond the library's limit (300) its own export could
    // no longer be imported, and 450 sub-techniques overflowed the column on PostgreSQL.
    [Fact]
    public async Task Feedback_TooManyTechniquesOrNulInNote_400AndAlertUndecided()
    {
        await Incidents.IncidentAlertApiTests.MapperReadyAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var id = await Alerts.AlertApiTests.IngestAsync(analyst, $"Many techniques {Guid.NewGuid():N}");
        var techniques = Enumerable.Range(0, 301).Select(i => $"T{1000 + i / 10}.{i % 10 + 1:000}").ToArray();

        var many = await (await analyst.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "correct", techniques }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);
        var note = await (await analyst.PostAsJsonAsync($"api/v1/alerts/{id}/feedback",
            new { action = "confirm", techniques = new[] { "T1059" }, note = "n\0x" }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("techniques lists 301 IDs; a decision names at most 300", Text(many));
        Assert.Contains("note contains a control character (U+0000 at position 2)", Text(note));
        var stored = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/alerts/{id}", Ct);
        Assert.Equal("new", stored.GetProperty("state").GetString());
    }
}
