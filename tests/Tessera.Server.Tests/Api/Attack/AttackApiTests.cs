using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Attack;

public sealed class AttackApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Collections_ListsEveryLoadedDomainAndVersion()
    {
        using var client = await server.ClientWithRoleAsync("Viewer");
        var list = await client.GetFromJsonAsync<JsonElement>("api/v1/attack/collections", Ct);
        var keys = list.EnumerateArray().Select(c => c.GetProperty("key").GetString()).ToList();
        Assert.Equal(["enterprise-attack@18.1", "enterprise-attack@17.1", "mobile-attack@18.1", "ics-attack@18.1"], keys);
    }

    [Fact]
    public async Task Technique_PowerShell_HasExecutionTacticAndGroups()
    {
        using var client = await server.ClientWithRoleAsync("Viewer");
        var t = await client.GetFromJsonAsync<JsonElement>("api/v1/attack/techniques/T1059.001", Ct);
        Assert.Equal("PowerShell", t.GetProperty("name").GetString());
        Assert.Equal("T1059", t.GetProperty("parent").GetString());
        Assert.Contains(t.GetProperty("tactics").EnumerateArray(), x => x.GetProperty("shortName").GetString() == "execution");
        Assert.Contains(t.GetProperty("procedures").EnumerateArray(), p => p.GetProperty("id").GetString() == "G0016"); // APT29
        Assert.DoesNotContain("(Citation:", t.GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("T1685", HttpStatusCode.NotFound)]     // a v19 ID: well-formed but not in 18.1
    [InlineData("T105", HttpStatusCode.BadRequest)]    // malformed
    public async Task Technique_UnknownOrMalformed_ReturnsProblem(string id, HttpStatusCode expected)
    {
        using var client = await server.ClientWithRoleAsync("Viewer");
        var response = await client.GetAsync($"api/v1/attack/techniques/{id}", Ct);
        Assert.Equal(expected, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains(id, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Search_Typo_FindsPowerShell()
    {
        using var client = await server.ClientWithRoleAsync("Viewer");
        var hits = await client.GetFromJsonAsync<JsonElement>("api/v1/attack/search?q=powershel", Ct);
        Assert.Equal("T1059.001", hits[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Matrix_Enterprise_HasFourteenTacticsInOrder()
    {
        using var client = await server.ClientWithRoleAsync("Viewer");
        var matrix = await client.GetFromJsonAsync<JsonElement>("api/v1/attack/matrix?collection=enterprise-attack@18.1", Ct);
        var tactics = matrix.EnumerateArray().Select(c => c.GetProperty("tactic").GetProperty("shortName").GetString()).ToList();
        Assert.Equal(14, tactics.Count);
        Assert.Equal("reconnaissance", tactics[0]);
        Assert.Equal("impact", tactics[^1]);
    }

    [Fact]
    public async Task Diff_17To18_ReportsRenamedTechnique()
    {
        using var client = await server.ClientWithRoleAsync("Viewer");
        var diff = await client.GetFromJsonAsync<JsonElement>(
            "api/v1/attack/diff?from=enterprise-attack@17.1&to=enterprise-attack@18.1&technique=T1497.003", Ct);
        var entry = Assert.Single(diff.EnumerateArray());
        Assert.Contains("Renamed", entry.GetProperty("changes").GetString());
    }

    [Fact]
    public async Task Diff_ReleasesOfTwoDomains_BadRequest()
    {
        using var client = await server.ClientWithRoleAsync("Viewer");

        var response = await client.GetAsync("api/v1/attack/diff?from=enterprise-attack@18.1&to=mobile-attack@18.1", Ct);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("different domains", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(100_000)]
    public async Task Search_LimitOutOfRange_BadRequest(int limit)
    {
        using var client = await server.ClientWithRoleAsync("Viewer");

        var response = await client.GetAsync($"api/v1/attack/search?q=powershell&limit={limit}", Ct);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("limit must be 1..100", await response.Content.ReadAsStringAsync(Ct));
    }
}
