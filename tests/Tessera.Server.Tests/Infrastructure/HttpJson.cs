using System.Net;
using System.Text.Json;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>Asserting a response's status (showing the body when it differs) and reading its JSON.</summary>
public static class HttpJson
{
    public static async Task<JsonElement> ExpectJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
