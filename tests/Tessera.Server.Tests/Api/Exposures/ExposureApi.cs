using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Tessera.Server.Tests.Api.Exposures;

/// <summary>Calls the exposure lifecycle tests share: import a CSV as week.csv, list, find one ID, read a queue's IDs.</summary>
internal static class ExposureApi
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A fresh asset suffix, so tests sharing one server see only their own exposures.</summary>
    public static string Tag() => Guid.NewGuid().ToString("N")[..8];

    public static async Task<JsonElement> ImportAsync(HttpClient client, string csv)
    {
        var response = await client.PostAsync("api/v1/exposures/import?name=week.csv", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    public static async Task<List<JsonElement>> ListAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>("api/v1/exposures?pageSize=500&" + query, Ct)).GetProperty("items").EnumerateArray().ToList();

    public static async Task<string> IdAsync(HttpClient client, string asset) =>
        (await ListAsync(client, "asset=" + asset)).Single().GetProperty("id").GetString()!;

    /// <summary>The item IDs of <c>queue</c> (exposure IDs) or <c>gaps</c> (technique IDs).</summary>
    public static async Task<List<string?>> QueueIdsAsync(HttpClient client, string queue = "queue") =>
        (await client.GetFromJsonAsync<JsonElement>($"api/v1/exposures/{queue}?limit=500", Ct)).GetProperty("items").EnumerateArray()
        .Select(e => e.GetProperty("id").GetString()).ToList();
}
