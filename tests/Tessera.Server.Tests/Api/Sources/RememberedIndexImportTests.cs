using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Core.Storage;
using Tessera.Server.Knowledge;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Sources;

/// <summary>A server started with no ATT&amp;CK sources, so a release loaded from an index is the only collection it has.</summary>
public sealed class EmptyKnowledgeServerFixture : TesseraServerFixture
{
    protected override IReadOnlyList<string> AttackSources() => [];

    /// <summary>A local mirror (index + a copy of ICS 18.1) inside the fixture's folder.</summary>
    public string MirrorIndex(string name = "mirror") => IcsMirror.Create(Directory.CreateDirectory(Path.Combine(Folder, name)).FullName);

    /// <summary>Where an index would be had it not moved away.</summary>
    public string MissingIndex() => Path.Combine(Folder, "moved-away", "index.json");
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
    public async Task ReleaseRememberedByAnotherInstance_LoadedHereWithoutARestart()
    {
        var index = server.MirrorIndex();
        var services = server.App.Services;
        using var admin = await server.AdminAsync();
        var before = await CollectionKeysAsync(admin);
        // Another instance on the same database loads the release into its own knowledge base and remembers it.
        var elsewhere = new IndexImportMemory(services.GetRequiredService<ISettingsStore>(), TimeProvider.System);
        await elsewhere.ImportAsync(new KnowledgeBaseHost(), index, AttackDomain.Ics, ["18.1"], "admin-elsewhere", Ct);

        var follower = services.GetRequiredService<RememberedReleaseFollower>();
        var loaded = await follower.FollowAsync(Ct);
        var again = await follower.FollowAsync(Ct);

        Assert.DoesNotContain("ics-attack@18.1", before);
        Assert.Equal((1, 0), (loaded, again));
        Assert.Contains("ics-attack@18.1", await CollectionKeysAsync(admin));
        await admin.DeleteAsync($"api/v1/sources/index?index={Uri.EscapeDataString(index)}&domain=ics&version=18.1", Ct);
    }

    [Fact]
    public async Task RememberedReleaseThatFailsHere_NotRetriedOnEveryCheck()
    {
        var services = server.App.Services;
        var release = new RememberedRelease(server.MissingIndex(), "ics-attack", "17.0", "admin-elsewhere", DateTimeOffset.UtcNow);
        var memory = services.GetRequiredService<IndexImportMemory>();
        var store = services.GetRequiredService<ISettingsStore>();
        var kept = await store.GetAsync(IndexImportMemory.SettingKey, Ct);
        await store.SetAsync(IndexImportMemory.SettingKey,
            JsonSerializer.Serialize(new[] { release }, JsonSerializerOptions.Web), Ct);
        try
        {
            var follower = services.GetRequiredService<RememberedReleaseFollower>();

            var first = await follower.FollowAsync(Ct);
            var retry = follower.RetryAt(release);
            var second = await follower.FollowAsync(Ct);

            Assert.Equal((0, 0), (first, second));
            Assert.InRange(retry!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), RememberedReleaseFollower.RetryAfter);
            Assert.Equal(retry, follower.RetryAt(release)); // the second check did not try again
            Assert.Single(await memory.ListAsync(Ct)); // still remembered: it may load on the instance that can reach it
        }
        finally
        {
            await store.SetAsync(IndexImportMemory.SettingKey, kept ?? "[]", Ct);
        }
    }

    [Fact]
    public async Task TwoInstancesRememberingAtOnce_BothReleasesRemembered()
    {
        var services = server.App.Services;
        var store = services.GetRequiredService<ISettingsStore>();
        var kept = await store.GetAsync(IndexImportMemory.SettingKey, Ct);
        var mirrors = new[] { server.MirrorIndex("mirror-a"), server.MirrorIndex("mirror-b") };
        try
        {
            // Two instances (each its own memory and lock) remember a release each, many times over, at the same moment.
            var instances = new[] { new IndexImportMemory(store, TimeProvider.System), new IndexImportMemory(store, TimeProvider.System) };
            await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
                instances[i % 2].ImportAsync(new KnowledgeBaseHost(), mirrors[i % 2], AttackDomain.Ics, ["18.1"], $"admin{i % 2}", Ct)));

            var remembered = await instances[0].ListAsync(Ct);
            Assert.Equal(mirrors.Order(), remembered.Select(r => r.Index).Order());
        }
        finally
        {
            await store.SetAsync(IndexImportMemory.SettingKey, kept ?? "[]", Ct);
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
