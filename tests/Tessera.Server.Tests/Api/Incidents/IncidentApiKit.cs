using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Incidents;

/// <summary>Small helpers over the real incidents API: activate the Enterprise source, create incidents, read their techniques.</summary>
public static class IncidentApiKit
{
    public const string Enterprise = "enterprise-attack@18.1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task ActivateAsync(TesseraServerFixture server, string key = Enterprise)
    {
        using var admin = await server.AdminAsync();
        (await admin.PostAsync($"api/v1/sources/{key}/activate", null, Ct)).EnsureSuccessStatusCode();
    }

    public static async Task<JsonElement> CreateAsync(HttpClient client, string title, long? parentId = null, string severity = "High")
    {
        var response = await client.PostAsJsonAsync("api/v1/incidents", new { title, severity, parentId }, Ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    public static object Pick(string source, string tactic, params string[] techniques) =>
        new { source, tactics = new[] { new { tactic, techniques } } };

    public static Task<HttpResponseMessage> AssociateAsync(HttpClient client, long id, long? version, params object[] picks) =>
        client.PostAsJsonAsync($"api/v1/incidents/{id}/associations", new { expectedVersion = version, associations = picks }, Ct);

    public static async Task<JsonElement> AssociationsAsync(HttpClient client, long id) =>
        await client.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{id}/associations", Ct);

    /// <summary>"T1059.001@execution=manual:x,lookup:3" per card row, sorted.</summary>
    public static async Task<IReadOnlyList<string>> TechniquesAsync(HttpClient client, long id) =>
        (await AssociationsAsync(client, id)).GetProperty("techniques").EnumerateArray()
            .Select(r => $"{r.GetProperty("technique").GetString()}@{r.GetProperty("tactic").GetString()}="
                + string.Join(",", r.GetProperty("origins").EnumerateArray().Select(o => o.GetProperty("text").GetString())))
            .Order(StringComparer.Ordinal).ToList();

    public static long Id(this JsonElement e) => e.GetProperty("id").GetInt64();

    public static long Version(this JsonElement e) => e.GetProperty("version").GetInt64();
}
