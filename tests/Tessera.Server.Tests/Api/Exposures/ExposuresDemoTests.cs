using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Demo;
using Tessera.Server.Knowledge;
using Tessera.Server.Tests.Api.Incidents;

namespace Tessera.Server.Tests.Api.Exposures;

/// <summary>The exposures demo seeder on a server started with --demo.</summary>
public sealed class ExposuresDemoTests(DemoServerFixture server) : IClassFixture<DemoServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>("api/v1/exposures?pageSize=500&" + query, Ct)).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task DemoSeeder_FreshThenAgainAfterReopen_OneResolvedTwoAcceptedOneEndingSoonOneExpiredAndAUserChangeIsKept()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var resolved = Assert.Single(await ListAsync(analyst, "status=resolved"));
        var accepted = Assert.Single(await ListAsync(analyst, "status=accepted"), e => !e.GetProperty("acceptanceEndingSoon").GetBoolean());
        var endingSoon = Assert.Single(await ListAsync(analyst, "acceptance=ending-soon"));
        var queue = (await analyst.GetFromJsonAsync<JsonElement>("api/v1/exposures/queue?limit=500", Ct)).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("cve").GetString()).ToList();

        Assert.Equal(("wiki-01", "CVE-2023-22515", "demo"),
            (resolved.GetProperty("asset").GetString(), resolved.GetProperty("cve").GetString(), resolved.GetProperty("statusChangedBy").GetString()));
        Assert.Equal(("vpn-gw-03", "CVE-2019-19781"), (accepted.GetProperty("asset").GetString(), accepted.GetProperty("cve").GetString()));
        Assert.Contains("RISK-88", accepted.GetProperty("statusReason").GetString());
        Assert.True(DateOnly.Parse(accepted.GetProperty("acceptedUntil").GetString()!) > PastAcceptance.Today);
        Assert.Equal(2, (await ListAsync(analyst, "status=accepted")).Count);
        Assert.Equal(("shop-01", "CVE-2024-34102", "accepted", 6), (endingSoon.GetProperty("asset").GetString(), endingSoon.GetProperty("cve").GetString(),
            endingSoon.GetProperty("status").GetString(), endingSoon.GetProperty("acceptanceEndsInDays").GetInt32()));
        Assert.Contains("RISK-97", endingSoon.GetProperty("statusReason").GetString());
        var expired = Assert.Single(await ListAsync(analyst, "status=open"), e => e.GetProperty("acceptanceExpired").GetBoolean());
        Assert.Equal(("fw-branch-07", "CVE-2023-27997"), (expired.GetProperty("asset").GetString(), expired.GetProperty("cve").GetString()));
        Assert.Contains("RISK-91", expired.GetProperty("statusReason").GetString());
        Assert.True(DateOnly.Parse(expired.GetProperty("acceptedUntil").GetString()!) < PastAcceptance.Today);
        Assert.Equal(13, queue.Count); // 16 demo exposures, three closed; the expired acceptance is open again
        Assert.Contains("CVE-2023-27997", queue);
        Assert.DoesNotContain("CVE-2023-22515", queue);

        (await analyst.PostAsJsonAsync($"api/v1/exposures/{resolved.GetProperty("id").GetString()}/status", new { status = "open", reason = "patch rolled back" }, Ct))
            .EnsureSuccessStatusCode();
        var seeder = server.App.Services.GetServices<IDemoSeeder>().OfType<ExposuresDemoSeeder>().Single();
        await seeder.SeedAsync(new DemoContext(server.App.Services, server.App.Services.GetRequiredService<KnowledgeBaseHost>(), null, TextWriter.Null), Ct);

        Assert.Empty(await ListAsync(analyst, "status=resolved"));
        Assert.Equal(16, (await ListAsync(analyst, "")).Count);
        Assert.Equal("patch rolled back", Assert.Single(await ListAsync(analyst, "cve=CVE-2023-22515")).GetProperty("statusReason").GetString());
    }

    [Fact]
    public async Task DemoSeeder_PanOsOnTwoFirewalls_OneCveWideMappingLinksBothAndSurvivesAReseed()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var seeder = server.App.Services.GetServices<IDemoSeeder>().OfType<ExposuresDemoSeeder>().Single();
        await seeder.SeedAsync(new DemoContext(server.App.Services, server.App.Services.GetRequiredService<KnowledgeBaseHost>(), null, TextWriter.Null), Ct);

        var mappings = await viewer.GetFromJsonAsync<JsonElement>("api/v1/exposures/cve-mappings", Ct);
        var panos = await ListAsync(viewer, "cve=" + ExposuresDemoSeeder.UnmappedCve);

        var mapping = Assert.Single(mappings.EnumerateArray());
        Assert.Equal(("CVE-2024-3400", "T1190", 2, "demo"), (mapping.GetProperty("cve").GetString(), mapping.GetProperty("technique").GetString(),
            mapping.GetProperty("exposures").GetInt32(), mapping.GetProperty("addedBy").GetString()));
        Assert.Equal(["fw-dc-01", "fw-hq-01"], panos.Select(e => e.GetProperty("asset").GetString()).Order(StringComparer.Ordinal));
        Assert.All(panos, e => Assert.Equal(["T1190 manual-cve"],
            e.GetProperty("techniques").EnumerateArray().Select(t => $"{t.GetProperty("id").GetString()} {t.GetProperty("origin").GetString()}")));
    }
}
