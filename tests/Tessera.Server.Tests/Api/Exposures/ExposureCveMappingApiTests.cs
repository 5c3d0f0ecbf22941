using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Server.Api.Exposures;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Exposures;

/// <summary>
/// CVE-wide mappings through the API. Each test uses its own real KEV CVE that the CTID KEV mappings do not cover, so a
/// mapping one test makes never links another test's exposures on this shared server.
/// </summary>
public sealed class ExposureCveMappingApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // One CVE on two assets (the case the feature is for) plus an unrelated MOVEit exposure that must stay untouched.
    private static string Scan(string cve, string tag) => $"""
        id,cve,asset,severity,title
        P-1,{cve},fw-a-{tag},critical,Unmapped KEV CVE on the first firewall
        P-2,{cve},fw-b-{tag},high,Unmapped KEV CVE on the second firewall
        P-3,CVE-2023-34362,mft-{tag},medium,MOVEit Transfer SQL injection
        """;

    private static JsonElement Technique(JsonElement exposure, string id) =>
        exposure.GetProperty("techniques").EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);

    // Keyed by the asset without its tag: "fw-a", "fw-b", "mft".
    private static async Task<Dictionary<string, JsonElement>> ByAssetAsync(HttpClient client, string tag) =>
        (await ExposureApi.ListAsync(client, "asset=" + tag)).ToDictionary(e => e.GetProperty("asset").GetString()!.Replace("-" + tag, ""));

    [Fact]
    public async Task AddCveMapping_CveOnTwoAssets_BothGetTheTechniqueRankHigherAndRaiseTheGap()
    {
        var tag = ExposureApi.Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        // PAN-OS GlobalProtect command injection.
        await ExposureApi.ImportAsync(analyst, Scan("CVE-2024-3400", tag));
        var before = await ByAssetAsync(analyst, tag);

        var response = await analyst.PostAsJsonAsync("api/v1/exposures/cve-mappings", new { cve = "cve-2024-3400", technique = "t1190" }, Ct);
        var after = await ByAssetAsync(analyst, tag);
        var gap = (await analyst.GetFromJsonAsync<JsonElement>("api/v1/exposures/gaps?limit=500", Ct)).GetProperty("items").EnumerateArray()
            .Single(g => g.GetProperty("id").GetString() == "T1190");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var mapping = body.GetProperty("mapping");
        Assert.True(body.GetProperty("added").GetBoolean());
        Assert.Equal(("CVE-2024-3400", "T1190", "Exploit Public-Facing Application", 2, 2),
            (mapping.GetProperty("cve").GetString(), mapping.GetProperty("technique").GetString(), mapping.GetProperty("name").GetString(),
                mapping.GetProperty("exposures").GetInt32(), mapping.GetProperty("openExposures").GetInt32()));
        // Unmapped: severity alone (critical 1, high 0.75); mapped to an uncovered technique by hand (weight 1): doubled.
        Assert.Equal((1.0, 0.75), (before["fw-a"].GetProperty("score").GetDouble(), before["fw-b"].GetProperty("score").GetDouble()));
        Assert.Equal((2.0, 1.5), (after["fw-a"].GetProperty("score").GetDouble(), after["fw-b"].GetProperty("score").GetDouble()));
        foreach (var firewall in new[] { after["fw-a"], after["fw-b"] })
        {
            var t1190 = Technique(firewall, "T1190");
            Assert.Equal(("manual-cve", "Manual"), (t1190.GetProperty("origin").GetString(), t1190.GetProperty("type").GetString()));
            Assert.StartsWith("raised ×2: T1190 (mapped by hand)", firewall.GetProperty("reason").GetString());
        }

        // MOVEit keeps its CTID link only.
        Assert.Equal("ctid-kev", Technique(after["mft"], "T1190").GetProperty("origin").GetString());
        var gapAssets = gap.GetProperty("exposures").EnumerateArray().Select(e => e.GetProperty("asset").GetString()).ToList();
        Assert.Contains($"fw-a-{tag}", gapAssets);
        Assert.Contains($"fw-b-{tag}", gapAssets);
    }

    [Fact]
    public async Task AddCveMapping_Twice_SecondChangesNothingAndOnlyTheFirstIsAudited()
    {
        var tag = ExposureApi.Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        // ConnectWise ScreenConnect authentication bypass, a KEV entry CTID does not map.
        await ExposureApi.ImportAsync(analyst, Scan("CVE-2024-1709", tag));

        var first = await analyst.PostAsJsonAsync("api/v1/exposures/cve-mappings", new { cve = "CVE-2024-1709", technique = "T1190" }, Ct);
        var second = await analyst.PostAsJsonAsync("api/v1/exposures/cve-mappings", new { cve = "CVE-2024-1709", technique = "T1190" }, Ct);
        var listed = await analyst.GetFromJsonAsync<JsonElement>("api/v1/exposures/cve-mappings", Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal((true, false), ((await first.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("added").GetBoolean(),
            (await second.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("added").GetBoolean()));
        Assert.Single(listed.EnumerateArray(), m => m.GetProperty("cve").GetString() == "CVE-2024-1709");
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>(
            "api/v1/audit?action=exposure.cve-mapping.add&entityId=" + Uri.EscapeDataString("CVE-2024-1709/T1190"), Ct);
        var entry = Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("event");
        Assert.Equal("exposure-cve-mapping", entry.GetProperty("entityType").GetString());
        Assert.Contains("\"exposures\":2", entry.GetProperty("afterJson").GetString());
    }

    [Fact]
    public async Task RemoveCveMapping_Mapped_TechniqueLeavesBothExposuresAuditedAndSecondRemovalIs404()
    {
        var tag = ExposureApi.Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        // OpenSSH regreSSHion: not in the CTID mappings.
        await ExposureApi.ImportAsync(analyst, Scan("CVE-2024-6387", tag));
        (await analyst.PostAsJsonAsync("api/v1/exposures/cve-mappings", new { cve = "CVE-2024-6387", technique = "T1210" }, Ct)).EnsureSuccessStatusCode();

        var removed = await analyst.DeleteAsync("api/v1/exposures/cve-mappings/cve-2024-6387/t1210", Ct);
        var again = await analyst.DeleteAsync("api/v1/exposures/cve-mappings/CVE-2024-6387/T1210", Ct);
        var after = await ByAssetAsync(analyst, tag);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (removed.StatusCode, again.StatusCode));
        Assert.Equal(2, (await removed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("exposures").GetInt32());
        Assert.Empty(after["fw-a"].GetProperty("techniques").EnumerateArray());
        Assert.Empty(after["fw-b"].GetProperty("techniques").EnumerateArray());
        Assert.Equal(1.0, after["fw-a"].GetProperty("score").GetDouble());
        Assert.Contains("CVE-2024-6387", (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>(
            "api/v1/audit?action=exposure.cve-mapping.remove&entityId=" + Uri.EscapeDataString("CVE-2024-6387/T1210"), Ct);
        var entry = Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("event");
        Assert.Contains("\"technique\":\"T1210\"", entry.GetProperty("beforeJson").GetString());
    }

    [Theory]
    [InlineData("CVE-24-3400", "T1190", "cve")] // two-digit year
    [InlineData("CVE-2024-3400", "TA0001", "technique")] // a tactic ID
    [InlineData(null, null, "cve,technique")] // both missing: both named
    public async Task AddCveMapping_Malformed_Returns400NamingEachField(string? cve, string? technique, string fields)
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");

        var response = await analyst.PostAsJsonAsync("api/v1/exposures/cve-mappings", new { cve, technique }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(fields.Split(','), problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.StartsWith(fields.Split(',')[0] + ":", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RemoveCveMapping_MalformedCve_Returns400NamingCve()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");

        var response = await analyst.DeleteAsync("api/v1/exposures/cve-mappings/GHSA-1234/T1190", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("cve: 'GHSA-1234'", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AddCveMapping_TechniqueUnknownToTheRelease_KeptWithoutName()
    {
        var tag = ExposureApi.Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        // Jenkins arbitrary file read; T1685 is a v19-era ID the loaded releases do not have.
        await ExposureApi.ImportAsync(analyst, Scan("CVE-2024-23897", tag));

        var response = await analyst.PostAsJsonAsync("api/v1/exposures/cve-mappings", new { cve = "CVE-2024-23897", technique = "T1685" }, Ct);
        var after = await ByAssetAsync(analyst, tag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mapping = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("mapping");
        Assert.Equal(JsonValueKind.Null, mapping.GetProperty("name").ValueKind);
        var t1685 = Technique(after["fw-a"], "T1685");
        Assert.Equal((JsonValueKind.Null, "manual-cve"), (t1685.GetProperty("name").ValueKind, t1685.GetProperty("origin").GetString()));
    }

    [Fact]
    public async Task CveMappings_AsViewer_ListsButCannotAddOrRemove()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var list = await viewer.GetAsync("api/v1/exposures/cve-mappings", Ct);
        var add = await viewer.PostAsJsonAsync("api/v1/exposures/cve-mappings", new { cve = "CVE-2024-3400", technique = "T1190" }, Ct);
        var remove = await viewer.DeleteAsync("api/v1/exposures/cve-mappings/CVE-2024-3400/T1190", Ct);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], [list.StatusCode, add.StatusCode, remove.StatusCode]);
    }

    [Fact]
    public async Task AddCveMapping_OpenExposures_CountInTheThreatPagesExposureTerm()
    {
        var tag = ExposureApi.Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        // Windows Print Spooler (PrintNightmare): not in the CTID mappings. T1547.012 (print processors) is mapped by nothing else here.
        await ExposureApi.ImportAsync(analyst, Scan("CVE-2021-34527", tag));
        var service = server.App.Services.GetRequiredService<ExposureService>();
        var t1547 = TechniqueId.Parse("T1547.012");
        var before = (await service.CountsByTechniqueAsync(Ct)).GetValueOrDefault(t1547);

        (await analyst.PostAsJsonAsync("api/v1/exposures/cve-mappings", new { cve = "CVE-2021-34527", technique = "T1547.012" }, Ct)).EnsureSuccessStatusCode();
        var after = (await service.CountsByTechniqueAsync(Ct)).GetValueOrDefault(t1547);

        Assert.Equal((0, 2), (before, after));
    }
}
