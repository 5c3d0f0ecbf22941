using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Tests.Shared;

namespace Tessera.Server.Tests.Api.Sources;

/// <summary>POST /api/v1/sources/index with the published index (list) and a local index naming a copy of ICS 18.1 (load).</summary>
public sealed class SourceIndexApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tessera-index-api-").FullName;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Index_AsAnalyst_Forbidden()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");

        var response = await analyst.PostAsJsonAsync("api/v1/sources/index", new { index = SharedData.Attack("collection-index.json") }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Index_PathWithNulCharacter_UnprocessableNamingIt()
    {
        using var admin = await server.AdminAsync();

        var response = await admin.PostAsJsonAsync("api/v1/sources/index", new { index = "/tmp/index\0.json" }, Ct);

        var problem = await response.ExpectJsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Cannot read '/tmp/index\0.json'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_PublishedIndexWithoutVersions_ListsEnterpriseReleases()
    {
        using var admin = await server.AdminAsync();

        var response = await admin.PostAsJsonAsync("api/v1/sources/index", new { index = SharedData.Attack("collection-index.json"), domain = "enterprise" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var versions = Assert.Single(body.GetProperty("collections").EnumerateArray()).GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString());
        Assert.Contains("17.1", versions);
        Assert.Empty(body.GetProperty("loaded").EnumerateArray());
    }

    [Fact]
    public async Task Index_VersionNotListed_NotFoundNamingTheVersionsTheIndexHas()
    {
        using var admin = await server.AdminAsync();
        var index = IcsMirror.Create(_folder);

        var response = await admin.PostAsJsonAsync("api/v1/sources/index", new { index, domain = "ics", versions = new[] { "9.9" } }, Ct);

        var problem = await response.ExpectJsonAsync(HttpStatusCode.NotFound);
        Assert.Equal("the index lists no release 9.9 for ics-attack; it has ICS ATT&CK: 18.1", problem.GetProperty("detail").GetString());
    }

    // A mirror whose 18.0 entry points at the 18.1 bundle used to load 18.1 (answering 200) and remember it for that index.
    [Fact]
    public async Task Index_EntryHoldingAnotherRelease_UnprocessableNothingRemembered()
    {
        using var admin = await server.AdminAsync();
        var index = IcsMirror.Create(_folder);
        File.WriteAllText(index,
            """{"name":"wrong mirror","collections":[{"id":"x-mitre-collection--1","name":"ICS ATT&CK","versions":[{"version":"18.0","url":"ics-attack-18.1.json"}]}]}""");

        var response = await admin.PostAsJsonAsync("api/v1/sources/index", new { index, versions = new[] { "18.0" } }, Ct);

        var problem = await response.ExpectJsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("The index lists this bundle as release 18.0, but it holds ics-attack@18.1; nothing loaded", problem.GetProperty("detail").GetString());
        var remembered = await admin.GetFromJsonAsync<JsonElement>("api/v1/sources/index", Ct);
        Assert.DoesNotContain(remembered.EnumerateArray(), r => r.GetProperty("index").GetString() == index);
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=source.import-index&entityId={Uri.EscapeDataString(index)}", Ct);
        Assert.Equal(0, audit.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Index_LocalIndexWithVersion_LoadsAndAudits()
    {
        using var admin = await server.AdminAsync();
        var index = IcsMirror.Create(_folder);

        var response = await admin.PostAsJsonAsync("api/v1/sources/index", new { index, versions = new[] { "18.1" } }, Ct);

        var body = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("ics-attack@18.1", body.GetProperty("loaded")[0].GetProperty("key").GetString());
        var audit = await admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=source.import-index", Ct);
        Assert.Contains("ics-attack@18.1", audit.GetRawText());
    }
}
