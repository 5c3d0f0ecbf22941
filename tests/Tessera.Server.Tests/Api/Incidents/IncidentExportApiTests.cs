using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Core.Navigator;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Api.Incidents.IncidentApiKit;

namespace Tessera.Server.Tests.Api.Incidents;

public sealed class IncidentExportApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Client, long Id)> IncidentWithTwoOriginsAsync()
    {
        await ActivateAsync(server);
        var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Export");
        (await analyst.PostAsJsonAsync($"api/v1/incidents/{incident.Id()}/lookups",
            new { provider = "MISP", verdict = "known", techniques = new[] { "T1059.001" } }, Ct)).EnsureSuccessStatusCode();
        var current = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{incident.Id()}", Ct);
        (await AssociateAsync(analyst, incident.Id(), current.Version(), Pick(Enterprise, "execution", "T1059.001"), Pick(Enterprise, "credential-access", "T1003.001"))).EnsureSuccessStatusCode();
        return (analyst, incident.Id());
    }

    [Fact]
    public async Task Layer_IncidentWithTwoOrigins_ValidNavigatorLayerWithOriginKindsAndLegend()
    {
        var (client, id) = await IncidentWithTwoOriginsAsync();
        using var _ = client;

        var json = await client.GetStringAsync($"api/v1/incidents/{id}/layer", Ct);

        var read = LayerReader.Read(json);
        Assert.Empty(read.Errors);
        var layer = Assert.Single(read.Layers);
        Assert.Equal("enterprise-attack", layer.Domain);
        Assert.Equal("4.5", JsonDocument.Parse(json).RootElement.GetProperty("versions").GetProperty("layer").GetString());
        Assert.Equal(["lookup", "manual"], layer.LegendItems.Select(l => l.Label).Order(StringComparer.Ordinal));
        var powershell = Assert.Single(layer.Techniques, t => t.TechniqueId.Value == "T1059.001");
        Assert.Equal(("execution", 2.0), (powershell.Tactic, powershell.Score));
        Assert.Contains(layer.Metadata.OfType<LayerMetadata>(), m => m.Name == "origin kinds" && m.Value == "manual, lookup");
        Assert.All(layer.Techniques, t => Assert.Null(t.ShowSubtechniques)); // only valid on a technique with sub-techniques
    }

    [Fact]
    public async Task Layer_ParentWithSubtechniqueAndNewerId_ParentExpandedAndNewerIdNamedInDescription()
    {
        var (client, id) = await IncidentWithTwoOriginsAsync();
        using var _ = client;
        (await client.PostAsJsonAsync($"api/v1/incidents/{id}/lookups",
            new { provider = "MISP", verdict = "known", techniques = new[] { "T1059", "T1685" } }, Ct)).EnsureSuccessStatusCode();

        var layer = Assert.Single(LayerReader.Read(await client.GetStringAsync($"api/v1/incidents/{id}/layer", Ct)).Layers);

        Assert.True(Assert.Single(layer.Techniques, t => t.TechniqueId.Value == "T1059").ShowSubtechniques);
        Assert.DoesNotContain(layer.Techniques, t => t.TechniqueId.Value == "T1685");
        Assert.Contains("not in this layer: T1685", layer.Description);
    }

    [Fact]
    public async Task Csv_IncidentWithTwoOrigins_OneLinePerTechniqueAndOrigin()
    {
        var (client, id) = await IncidentWithTwoOriginsAsync();
        using var _ = client;

        var response = await client.GetAsync($"api/v1/incidents/{id}/associations.csv", Ct);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("source,tactic,technique,name,origin_kind,origin,first_associated", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("enterprise-attack@18.1,execution,T1059.001,PowerShell,lookup,", StringComparison.Ordinal));
    }

    // QA pass 6: first_associated repeated the technique's first time on every origin line.
    [Fact]
    public async Task Csv_TechniqueFromTwoOrigins_EachLineCarriesItsOriginsOwnTime()
    {
        var (client, id) = await IncidentWithTwoOriginsAsync();
        using var _ = client;

        var csv = await client.GetStringAsync($"api/v1/incidents/{id}/associations.csv", Ct);

        // The lookup rolled T1059.001 up before the analyst associated it by hand.
        var times = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split(','))
            .Where(f => f[2] == "T1059.001").ToDictionary(f => f[4], f => DateTimeOffset.Parse(f[6], CultureInfo.InvariantCulture));
        Assert.Equal(["lookup", "manual"], times.Keys.Order(StringComparer.Ordinal));
        Assert.True(times["lookup"] < times["manual"], $"lookup {times["lookup"]:O}, manual {times["manual"]:O}");
    }

    [Fact]
    public async Task Heatmap_WithGroupOverlay_CountsIncidentsAndFlagsGroupTechniques()
    {
        var (client, id) = await IncidentWithTwoOriginsAsync();
        using var _ = client;

        // G0007 (APT28) is known to use T1003.001 in Enterprise 18.1 and not T1059.001 directly.
        var heatmap = await client.GetFromJsonAsync<JsonElement>("api/v1/incidents/heatmap?severity=High&group=G0007", Ct);
        var similar = await client.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{id}/similar-groups?top=5", Ct);

        var cells = heatmap.GetProperty("cells").EnumerateArray().ToDictionary(c => c.GetProperty("technique").GetString()!);
        Assert.True(cells["T1003.001"].GetProperty("incidents").GetInt32() >= 1);
        Assert.True(cells["T1003.001"].GetProperty("inGroup").GetBoolean());
        Assert.Equal(5, similar.GetArrayLength());
        Assert.All(similar.EnumerateArray(), g => Assert.NotEmpty(g.GetProperty("shared").EnumerateArray()));
    }

    // QA pass 6: similar-groups answered 200 [] for an incident that does not exist, where /layer answers 404.
    [Fact]
    public async Task SimilarGroups_UnknownIncident_NotFoundLikeLayer()
    {
        await ActivateAsync(server);
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var problem = await (await viewer.GetAsync("api/v1/incidents/987654321/similar-groups", Ct)).ExpectJsonAsync(HttpStatusCode.NotFound);
        var layer = await (await viewer.GetAsync("api/v1/incidents/987654321/layer", Ct)).ExpectJsonAsync(HttpStatusCode.NotFound);

        Assert.Equal("Incident 987654321 does not exist.", problem.GetProperty("detail").GetString());
        Assert.Equal(layer.GetProperty("detail").GetString(), problem.GetProperty("detail").GetString());
    }

    // QA pass 6: from after to answered an empty 200 on both, and a date alone as to (the same day as from) was empty.
    [Theory]
    [InlineData("api/v1/incidents/heatmap")]
    [InlineData("api/v1/incidents")]
    public async Task Period_FromAfterTo_400NamingBoth(string path)
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var problem = await (await viewer.GetAsync($"{path}?from=2024-03-06&to=2024-03-05", Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("from (2024-03-06) is after to (2024-03-05)", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Period_DateAloneAsTo_IncludesThatWholeDay()
    {
        var (client, id) = await IncidentWithTwoOriginsAsync();
        using var _ = client;
        var incident = await client.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{id}", Ct);
        // The server reads a date alone as local midnight, as this process does.
        var day = incident.GetProperty("createdAt").GetDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var list = await client.GetFromJsonAsync<JsonElement>($"api/v1/incidents?from={day}&to={day}&take=500", Ct);
        var heatmap = await client.GetFromJsonAsync<JsonElement>($"api/v1/incidents/heatmap?from={day}&to={day}", Ct);

        Assert.Contains(list.GetProperty("items").EnumerateArray(), i => i.Id() == id);
        Assert.Contains(heatmap.GetProperty("cells").EnumerateArray(), c => c.GetProperty("technique").GetString() == "T1003.001");
    }

    [Fact]
    public async Task Heatmap_UnknownGroup_NotFoundProblem()
    {
        await ActivateAsync(server);
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var response = await viewer.GetAsync("api/v1/incidents/heatmap?group=G9999", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("G9999", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
    }

    // The heatmap answered 200 with "source":null and every source's cells for a source it could not use, while /layer and
    // /techniques/{id} answered 404 for the same input.
    [Theory]
    [InlineData("bogus@9", "not an activated source")]
    [InlineData("enterprise-attack@17.1", "deactivated")]
    public async Task Heatmap_UnknownOrInactiveSource_NotFoundNamingTheSource(string source, string reason)
    {
        await ActivateAsync(server);
        await ActivateAsync(server, "enterprise-attack@17.1");
        using (var admin = await server.AdminAsync())
        {
            (await admin.PostAsync("api/v1/sources/enterprise-attack@17.1/deactivate", null, Ct)).EnsureSuccessStatusCode();
        }

        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var problem = await (await viewer.GetAsync($"api/v1/incidents/heatmap?source={source}", Ct)).ExpectJsonAsync(HttpStatusCode.NotFound);
        var sibling = await (await viewer.GetAsync($"api/v1/incidents/techniques/T1059?source={source}", Ct)).ExpectJsonAsync(HttpStatusCode.NotFound);

        Assert.Contains(source, problem.GetProperty("detail").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString());
        Assert.Equal(sibling.GetProperty("detail").GetString(), problem.GetProperty("detail").GetString());
        var active = await viewer.GetFromJsonAsync<JsonElement>($"api/v1/incidents/heatmap?source={Enterprise}", Ct);
        Assert.Equal(Enterprise, active.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Sources_ActivateAsAnalyst_Forbidden()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");

        var response = await analyst.PostAsync($"api/v1/sources/{Enterprise}/activate", null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
