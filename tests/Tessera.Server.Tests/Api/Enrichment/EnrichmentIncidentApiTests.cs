using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Tests.Api.Incidents;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Enrichment;

/// <summary>Enrichment reads the real incident and runbook stores: open incidents carrying a technique, and its runbooks.</summary>
public sealed class EnrichmentIncidentApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string Open, string Closed)> SeedAsync()
    {
        await IncidentApiKit.ActivateAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var open = await IncidentApiKit.CreateAsync(analyst, "LSASS dumped on FIN-WS-07");
        (await IncidentApiKit.AssociateAsync(analyst, open.Id(), open.Version(),
            IncidentApiKit.Pick(IncidentApiKit.Enterprise, "credential-access", "T1003.001"))).EnsureSuccessStatusCode();
        var closed = await IncidentApiKit.CreateAsync(analyst, "Old credential dump, resolved");
        (await IncidentApiKit.AssociateAsync(analyst, closed.Id(), closed.Version(),
            IncidentApiKit.Pick(IncidentApiKit.Enterprise, "credential-access", "T1003"))).EnsureSuccessStatusCode();
        var current = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{closed.Id()}", Ct);
        (await analyst.PutAsJsonAsync($"api/v1/incidents/{closed.Id()}", new
        {
            title = "Old credential dump, resolved", description = "", assignee = (string?)null, parentId = (long?)null, severity = "High", state = "Closed", version = current.Version(),
        }, Ct)).EnsureSuccessStatusCode();

        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        (await engineer.PostAsJsonAsync("api/v1/runbooks", new
        {
            scope = "Technique", target = "T1003", title = "Contain credential dumping", markdown = "1. Isolate the host\n2. Reset **krbtgt**", owner = "ir-team",
        }, Ct)).EnsureSuccessStatusCode();
        return ($"INC-{open.Id():D5}", $"INC-{closed.Id():D5}");
    }

    [Fact]
    public async Task Get_ParentTechnique_OpenIncidentWithSubtechniqueAndRunbook()
    {
        var (open, closed) = await SeedAsync();
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var parent = await viewer.GetFromJsonAsync<JsonElement>("api/v1/enrich?technique=T1003", Ct);
        var sub = await viewer.GetFromJsonAsync<JsonElement>("api/v1/enrich?technique=T1003.001", Ct);

        var incidents = parent.GetProperty("openIncidents").EnumerateArray().ToList();
        Assert.Contains(incidents, i => i.GetProperty("id").GetString() == open && i.GetProperty("status").GetString() == "New");
        Assert.DoesNotContain(incidents, i => i.GetProperty("id").GetString() == closed);
        var runbook = Assert.Single(parent.GetProperty("runbooks").EnumerateArray());
        Assert.Equal("Contain credential dumping", runbook.GetProperty("title").GetString());
        Assert.Equal("Technique", runbook.GetProperty("reason").GetString());
        Assert.Contains("<strong>krbtgt</strong>", runbook.GetProperty("html").GetString());

        Assert.Equal([open], sub.GetProperty("openIncidents").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal("ParentTechnique", Assert.Single(sub.GetProperty("runbooks").EnumerateArray()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Get_TechniqueNoIncidentHas_NoOpenIncidents()
    {
        await IncidentApiKit.ActivateAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var phishing = await IncidentApiKit.CreateAsync(analyst, "Phishing wave");
        (await IncidentApiKit.AssociateAsync(analyst, phishing.Id(), phishing.Version(),
            IncidentApiKit.Pick(IncidentApiKit.Enterprise, "initial-access", "T1566"))).EnsureSuccessStatusCode();
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var response = await viewer.GetAsync("api/v1/enrich?technique=T1486", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("openIncidents").EnumerateArray());
    }
}
