using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Tests.Shared;

namespace Tessera.Server.Tests.Api.Enrichment;

/// <summary>
/// A server given the Enterprise 18.1 bundle as a file: no shared data folder beside it, so the alert mapper cannot be
/// built (as on an installation without the public data sets).
/// </summary>
public sealed class NoMapperServerFixture : TesseraServerFixture
{
    protected override IReadOnlyList<string> AttackSources() => [SharedData.Enterprise181];
}

/// <summary>SOAR enrichment of alerts when alert mapping is unavailable: the alert's own technique IDs, and why.</summary>
public sealed class EnrichmentWithoutMapperTests(NoMapperServerFixture server) : IClassFixture<NoMapperServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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

        var e = await (await viewer.PostAsJsonAsync("api/v1/enrich", alert, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Elastic", e.GetProperty("alert").GetProperty("shape").GetString());
        Assert.Equal("vendor-metadata", e.GetProperty("mappedBy").GetString());
        Assert.Equal(["T1053", "T1053.005"], e.GetProperty("techniques").EnumerateArray().Select(t => t.GetProperty("id").GetString()).Order());
        var unknown = Assert.Single(e.GetProperty("unknownTechniques").EnumerateArray());
        Assert.Equal(("T1685", "not in enterprise-attack@18.1"), (unknown.GetProperty("id").GetString(), unknown.GetProperty("reason").GetString()));
    }

    // The notice said "the alert-mapping model is not loaded" whatever the reason; it now says why mapping is
    // unavailable, as POST /alerts/map's 503 does.
    [Fact]
    public async Task Post_AlertWithoutTechniques_EmptyWithNoticesSayingWhy()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var e = await (await viewer.PostAsJsonAsync("api/v1/enrich", new { title = "Suspicious login", id = "x-1" }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        var map = await viewer.PostAsJsonAsync("api/v1/alerts/map", new { title = "Suspicious login" }, Ct);

        Assert.Empty(e.GetProperty("techniques").EnumerateArray());
        var why = (await (map).ExpectJsonAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("detail").GetString();
        Assert.StartsWith("alert mapping needs the shared public data folder", why);
        Assert.Equal(
            [$"alert mapping is unavailable ({why}): only technique IDs the alert itself names were used", "the alert names no ATT&CK technique"],
            e.GetProperty("notices").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task Post_MoreVendorTechniquesThanTop_FirstTopKept()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var e = await (await viewer.PostAsJsonAsync("api/v1/enrich?top=1", new { title = "Two techniques", techniques = new[] { "T1059.001", "T1003" } }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(["T1059.001"], e.GetProperty("techniques").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }
}
