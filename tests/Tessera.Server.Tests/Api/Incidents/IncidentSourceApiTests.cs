using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Api.Incidents.IncidentApiKit;

namespace Tessera.Server.Tests.Api.Incidents;

/// <summary>
/// Evidence and the ATT&amp;CK sources it names: lookups take only usable sources, and activating or deactivating a
/// source rolls up (or un-rolls) the evidence that depends on it at once. Its own server: the tests switch sources off.
/// </summary>
public sealed class IncidentSourceApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private const string Older = "enterprise-attack@17.1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task SetActiveAsync(string key, bool active)
    {
        using var admin = await server.AdminAsync();
        var response = await admin.PostAsync($"api/v1/sources/{key}/{(active ? "activate" : "deactivate")}", null, Ct);
        // Deactivating a source never activated is a 404, and leaves it inactive as wanted.
        Assert.True(response.IsSuccessStatusCode || (!active && response.StatusCode == HttpStatusCode.NotFound), response.ToString());
    }

    private static Task<HttpResponseMessage> LookupAsync(HttpClient client, long incidentId, string? source, params string[] techniques) =>
        client.PostAsJsonAsync($"api/v1/incidents/{incidentId}/lookups", new { provider = "vt", verdict = "bad", source, techniques }, Ct);

    // A lookup naming a source that is not loaded was stored (201) and never reached the card; associations answer 400.
    [Theory]
    [InlineData("bogus@9", "unknown-source")]
    [InlineData(Older, "inactive-source")]
    public async Task AddLookup_UnusableSource_400NamingSourceAndNothingStored(string source, string code)
    {
        await SetActiveAsync(Enterprise, true);
        await SetActiveAsync(Older, true);
        await SetActiveAsync(Older, false);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, $"Lookup from {source}");

        var problem = await (await LookupAsync(analyst, incident.Id(), source, "T1059.001")).ExpectJsonAsync(HttpStatusCode.BadRequest);

        var issue = Assert.Single(problem.GetProperty("issues").EnumerateArray());
        Assert.Equal((code, "source"), (issue.GetProperty("code").GetString(), issue.GetProperty("field").GetString()));
        Assert.Contains(source, issue.GetProperty("message").GetString());
        Assert.Empty((await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{incident.Id()}/lookups", Ct)).EnumerateArray());
    }

    // Evidence naming no source waits for an active Enterprise source; activating one used to leave it waiting until an
    // unrelated change to the incident recomputed its roll-up.
    [Fact]
    public async Task Activate_EnterpriseSource_RollsUpEvidenceThatWaitedForOneAndAuditsIt()
    {
        await SetActiveAsync(Enterprise, false);
        await SetActiveAsync(Older, false);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Lookup before any source");
        (await LookupAsync(analyst, incident.Id(), null, "T1059.001")).EnsureSuccessStatusCode();
        Assert.Empty(await TechniquesAsync(analyst, incident.Id()));

        await SetActiveAsync(Enterprise, true);

        var row = Assert.Single(await TechniquesAsync(analyst, incident.Id()));
        Assert.StartsWith("T1059.001@execution=lookup:", row, StringComparison.Ordinal);
        Assert.Equal(Enterprise, (await AssociationsAsync(analyst, incident.Id())).GetProperty("techniques")[0].GetProperty("source").GetString());
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=incident.rollup&entityId={incident.Id()}", Ct);
        Assert.Single(audit.GetProperty("items").EnumerateArray());
    }

    // A lookup naming a source rolls up while that source is active: deactivating it un-rolls the lookup at once (it used to
    // wait for an unrelated change), and activating it again rolls it back up (it used to stay un-rolled).
    [Fact]
    public async Task DeactivateThenActivate_SourceALookupNames_UnrollsAndRollsBackAtOnce()
    {
        await SetActiveAsync(Enterprise, true);
        await SetActiveAsync(Older, true);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Lookup against 17.1");
        (await LookupAsync(analyst, incident.Id(), Older, "T1059.001")).EnsureSuccessStatusCode();
        var rolledUp = await TechniquesAsync(analyst, incident.Id());
        Assert.Single(rolledUp);

        await SetActiveAsync(Older, false);
        Assert.Empty(await TechniquesAsync(analyst, incident.Id()));

        await SetActiveAsync(Older, true);
        Assert.Equal(rolledUp, await TechniquesAsync(analyst, incident.Id()));
    }
}
