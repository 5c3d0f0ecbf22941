using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Incidents;

/// <summary>A server started with --demo, so the incidents seeder runs against the real bundles.</summary>
public sealed class DemoServerFixture : TesseraServerFixture
{
    protected override bool Demo => true;
}

public sealed class IncidentsDemoTests(DemoServerFixture server) : IClassFixture<DemoServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DemoSeeder_FreshServer_ActivatesEnterpriseAndSeedsThirteenIncidentsWithoutErrors()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var sources = await viewer.GetFromJsonAsync<JsonElement>("api/v1/sources", Ct);
        var page = await viewer.GetFromJsonAsync<JsonElement>("api/v1/incidents?take=100", Ct);

        Assert.Contains(sources.EnumerateArray(), s => s.GetProperty("key").GetString() == "enterprise-attack@18.1" && s.GetProperty("active").GetBoolean());
        Assert.Equal(13, page.GetProperty("total").GetInt32());
        Assert.DoesNotContain("Demo incident INC-", server.ConsoleOutput.ToString());
        Assert.Contains(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("state").GetString() == "Closed");
    }

    [Fact]
    public async Task DemoSeeder_PhishingParent_HasTechniquesRolledUpFromItsChildren()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var page = await viewer.GetFromJsonAsync<JsonElement>("api/v1/incidents?q=phishing%20campaign", Ct);
        var parent = page.GetProperty("items")[0].GetProperty("id").GetInt64();

        var rows = (await viewer.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{parent}/associations", Ct)).GetProperty("techniques");

        var techniques = rows.EnumerateArray().Select(r => r.GetProperty("technique").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "T1566.001", "T1059.001", "T1003.001" }, techniques);
        Assert.All(rows.EnumerateArray(), r => Assert.All(r.GetProperty("origins").EnumerateArray(),
            o => Assert.Equal("ChildIncident", o.GetProperty("kind").GetString())));
    }

    [Fact]
    public async Task List_ParentTechniqueFilter_FindsIncidentsTaggedWithItsSubtechniques_TacticIdRefused()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var exact = await viewer.GetFromJsonAsync<JsonElement>("api/v1/incidents?technique=T1003.001&take=100", Ct);

        var parent = await viewer.GetFromJsonAsync<JsonElement>("api/v1/incidents?technique=t1003&take=100", Ct);
        var tactic = await viewer.GetAsync("api/v1/incidents?technique=TA0001", Ct);

        Assert.True(exact.GetProperty("total").GetInt32() > 0);
        Assert.Superset(Ids(exact).ToHashSet(), Ids(parent).ToHashSet());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, tactic.StatusCode);
        Assert.Contains("TA0001", await tactic.Content.ReadAsStringAsync(Ct));

        static IEnumerable<long> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task DemoSeeder_RansomwareIncident_TriagedAlertsAttachedAndRolledUp()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var page = await viewer.GetFromJsonAsync<JsonElement>("api/v1/incidents?q=ransomware%20encryption", Ct);
        var id = page.GetProperty("items")[0].GetProperty("id").GetInt64();

        var alerts = await viewer.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{id}/alerts", Ct);
        var rows = (await viewer.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{id}/associations", Ct)).GetProperty("techniques");

        Assert.Equal(2, alerts.GetArrayLength());
        Assert.All(alerts.EnumerateArray(), a => Assert.True(a.GetProperty("alertRecordId").GetInt64() > 0));
        Assert.Contains(rows.EnumerateArray(), r => r.GetProperty("technique").GetString() == "T1490"
            && r.GetProperty("origins").EnumerateArray().Any(o => o.GetProperty("kind").GetString() == "Alert"));
        Assert.DoesNotContain("Demo incident alerts for", server.ConsoleOutput.ToString());
    }
}
