using Microsoft.AspNetCore.Builder;
using Tessera.Infrastructure.Storage;
using Tessera.Server.Hosting;

namespace Tessera.Server.Tests.Api;

/// <summary>X-Forwarded-Proto is honoured only from configured proxies: visible in the server URL the OpenAPI document advertises.</summary>
public sealed class ForwardedHeadersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("127.0.0.1", true)]       // the test client is the proxy: https is believed
    [InlineData("10.9.9.9", false)]       // another proxy is trusted, not us: header ignored
    [InlineData("127.0.0.0/8", true)]     // a CIDR network containing the client
    [InlineData(null, false)]             // nothing trusted (the default)
    public async Task OpenApi_ForwardedProtoHttps_SchemeIsHttpsOnlyFromTrustedProxy(string? proxy, bool secure)
    {
        var folder = Directory.CreateTempSubdirectory("tessera-proxy-").FullName;
        await using var app = TesseraWebApp.Build(new TesseraServerOptions
        {
            Urls = "http://127.0.0.1:0", Storage = StorageOptions.Sqlite(Path.Combine(folder, "t.db")), Console = TextWriter.Null, Quiet = true,
            BackgroundJobs = false, InitialAdminPassword = "proxy-test-password-1", TrustedProxies = proxy is null ? [] : [proxy],
        });
        var addresses = await TesseraWebApp.StartAsync(app, Ct);
        using var client = new HttpClient { BaseAddress = new Uri(addresses[0]) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "openapi/v1.json");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await client.SendAsync(request, Ct);

        response.EnsureSuccessStatusCode();
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var url = doc.RootElement.GetProperty("servers")[0].GetProperty("url").GetString();
        Assert.StartsWith(secure ? "https://" : "http://", url);
        await app.StopAsync(Ct);
    }

    [Theory]
    [InlineData("proxy.internal")]  // host names are not accepted: the check is on the connecting address
    [InlineData("10.0.0.0/99")]     // prefix longer than the address
    public void Build_BadTrustedProxy_ThrowsFormatExceptionNamingIt(string proxy)
    {
        var ex = Assert.Throws<FormatException>(() => TesseraWebApp.Build(new TesseraServerOptions
        {
            Storage = StorageOptions.Sqlite(Path.Combine(Path.GetTempPath(), "unused.db")), TrustedProxies = [proxy], Quiet = true,
        }));
        Assert.Contains(proxy, ex.Message);
    }
}
