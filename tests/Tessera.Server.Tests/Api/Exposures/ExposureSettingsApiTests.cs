using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Exposures;
using Tessera.Core.Storage;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Api.Exposures.ExposureApi;

namespace Tessera.Server.Tests.Api.Exposures;

/// <summary>
/// The team's ending-soon window (<c>GET/PUT /api/v1/exposures/settings</c>): what it changes and who may change it. Its own
/// server, because the window is team-wide and the other exposure classes expect the default.
/// </summary>
public sealed class ExposureSettingsApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> PutAsync(HttpClient client, int days, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.PutAsJsonAsync("api/v1/exposures/settings", new { acceptanceWindowDays = days }, Ct)).ExpectJsonAsync(expected);

    private static async Task<int> WindowAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("api/v1/exposures/settings", Ct)).GetProperty("acceptanceWindowDays").GetInt32();

    [Fact]
    public async Task PutSettings_WiderWindow_ListDefaultFlagsAndOverviewFollowAndItIsAudited()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, $"""
            id,cve,asset,severity,title
            S-1,CVE-2023-34362,mft-{tag},critical,MOVEit Transfer SQL injection
            S-2,CVE-2023-4966,vpn-{tag},critical,Citrix Bleed
            """);
        foreach (var (asset, days) in new[] { ("mft-" + tag, 3), ("vpn-" + tag, 20) })
        {
            (await analyst.PostAsJsonAsync($"api/v1/exposures/{await IdAsync(analyst, asset)}/status",
                new { status = "accepted", reason = "isolated (RISK-8)", acceptedUntil = PastAcceptance.Iso(days) }, Ct)).EnsureSuccessStatusCode();
        }

        await PutAsync(analyst, AcceptanceReminder.DefaultWindowDays);
        var twoWeeks = await ListAsync(analyst, $"asset={tag}&acceptance=ending-soon");
        var saved = await PutAsync(analyst, 30);
        var month = await ListAsync(analyst, $"asset={tag}&acceptance=ending-soon");
        var narrowedByQuery = await ListAsync(analyst, $"asset={tag}&acceptance=ending-soon&within=7");
        var overview = (await analyst.GetFromJsonAsync<JsonElement>("api/v1/overview", Ct)).GetProperty("exposures");

        Assert.Equal("mft-" + tag, Assert.Single(twoWeeks).GetProperty("asset").GetString());
        Assert.Equal(30, saved.GetProperty("acceptanceWindowDays").GetInt32());
        Assert.Equal(30, await WindowAsync(analyst));
        Assert.Equal(["mft-" + tag, "vpn-" + tag], month.Select(e => e.GetProperty("asset").GetString()).Order());
        Assert.All(month, e => Assert.True(e.GetProperty("acceptanceEndingSoon").GetBoolean()));
        Assert.Equal("mft-" + tag, Assert.Single(narrowedByQuery).GetProperty("asset").GetString());
        Assert.Equal(30, overview.GetProperty("acceptanceWindowDays").GetInt32());
        Assert.Contains(overview.GetProperty("endingSoon").EnumerateArray(), e => e.GetProperty("asset").GetString() == "vpn-" + tag);
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=exposure.settings", Ct);
        var last = audit.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("event"))
            .Single(e => e.GetProperty("afterJson").GetString()!.Contains("\"acceptanceWindowDays\":30", StringComparison.Ordinal));
        Assert.Contains("\"acceptanceWindowDays\":14", last.GetProperty("beforeJson").GetString());
        Assert.Equal(ExposureSettings.Key, last.GetProperty("entityId").GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(91)] // beyond a quarter
    public async Task PutSettings_OutOfRange_400NamingTheFieldAndNothingSaved(int days)
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var before = await WindowAsync(analyst);

        var problem = await PutAsync(analyst, days, HttpStatusCode.BadRequest);

        Assert.Equal("acceptanceWindowDays", problem.GetProperty("errors").EnumerateObject().Single().Name);
        Assert.Contains($"{days} is not a window of days", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await WindowAsync(analyst));
    }

    [Fact]
    public async Task PutSettings_Viewer_403AndViewerMayRead()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var before = await WindowAsync(viewer);

        var refused = await viewer.PutAsJsonAsync("api/v1/exposures/settings", new { acceptanceWindowDays = before == 60 ? 61 : 60 }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(before, await WindowAsync(viewer));
    }

    [Fact]
    public async Task GetSettings_StoredValueUnreadable_DefaultsInsteadOfAnError()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var store = server.App.Services.GetRequiredService<ISettingsStore>();

        await store.SetAsync(ExposureSettings.Key, "{\"acceptanceWindowDays\": \"a month\"", Ct);
        var unreadable = await WindowAsync(analyst);
        await store.SetAsync(ExposureSettings.Key, "{\"acceptanceWindowDays\": 400}", Ct);
        var outOfRange = await WindowAsync(analyst);
        var list = await analyst.GetAsync("api/v1/exposures?acceptance=ending-soon", Ct);

        Assert.Equal((14, 14, HttpStatusCode.OK), (unreadable, outOfRange, list.StatusCode));
    }
}
