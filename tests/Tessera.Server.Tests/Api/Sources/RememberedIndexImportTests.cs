using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Sources;

/// <summary>A server started with no ATT&amp;CK sources, so a release loaded from an index is the only collection it has.</summary>
public sealed class EmptyKnowledgeServerFixture : TesseraServerFixture
{
    protected override IReadOnlyList<string> AttackSources() => [];

    /// <summary>A local mirror (index + a copy of ICS 18.1) inside the fixture's folder.</summary>
    public string MirrorIndex() => IcsMirror.Create(Directory.CreateDirectory(Path.Combine(Folder, "mirror")).FullName);
}

/// <summary>Releases loaded through POST /api/v1/sources/index are remembered in storage and loaded again after a restart.</summary>
public sealed class RememberedIndexImportTests(EmptyKnowledgeServerFixture server) : IClassFixture<EmptyKnowledgeServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IndexImport_ServerRestarted_ReleaseLoadedAgainUntilForgotten()
    {
        var index = server.MirrorIndex();
        using (var admin = await server.AdminAsync())
        {
            var import = await admin.PostAsJsonAsync("api/v1/sources/index", new { index, domain = "ics", versions = new[] { "18.1" } }, Ct);
            Assert.Equal(HttpStatusCode.OK, import.StatusCode);
            var remembered = await admin.GetFromJsonAsync<JsonElement>("api/v1/sources/index", Ct);
            var entry = Assert.Single(remembered.EnumerateArray());
            Assert.Equal(index, entry.GetProperty("index").GetString());
            Assert.Equal("ics-attack", entry.GetProperty("domain").GetString());
            Assert.Equal("18.1", entry.GetProperty("version").GetString());
        }

        await server.RestartAsync();

        using (var admin = await server.AdminAsync())
        {
            Assert.Equal(["ics-attack@18.1"], await CollectionKeysAsync(admin));
            var forget = await admin.DeleteAsync($"api/v1/sources/index?index={Uri.EscapeDataString(index)}&domain=ics&version=18.1", Ct);
            Assert.Equal(HttpStatusCode.NoContent, forget.StatusCode);
            var audit = await admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=source.forget-index", Ct);
            Assert.Contains("18.1", audit.GetRawText());
            Assert.Contains("rememberedBy", audit.GetRawText()); // the whole remembered release, as the Sources page records it
        }

        await server.RestartAsync();

        using (var admin = await server.AdminAsync())
        {
            Assert.Empty(await CollectionKeysAsync(admin));
            Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("api/v1/sources/index", Ct)).EnumerateArray());
        }
    }

    [Fact]
    public async Task Forget_UnknownRelease_NotFound()
    {
        using var admin = await server.AdminAsync();

        var response = await admin.DeleteAsync("api/v1/sources/index?index=nowhere.json&version=1.0", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Forget_AsAnalyst_Forbidden()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");

        var response = await analyst.DeleteAsync("api/v1/sources/index?index=nowhere.json&version=1.0", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<List<string?>> CollectionKeysAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("api/v1/attack/collections", Ct)).EnumerateArray().Select(c => c.GetProperty("key").GetString()).ToList();
}
