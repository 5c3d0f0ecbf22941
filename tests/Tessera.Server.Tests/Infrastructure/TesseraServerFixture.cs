using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Tessera.Infrastructure.Storage;
using Tessera.Server.Hosting;
using Tessera.Tests.Shared;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>
/// A real Tessera server on a free loopback port with its own SQLite file and the real ATT&amp;CK bundles
/// (enterprise 18.1 and 17.1, mobile, ICS). One per test class; tests create their own data in it.
/// </summary>
public partial class TesseraServerFixture : IAsyncLifetime
{
    public const string AdminPassword = "admin-test-password-1";

    private readonly string _folder = Directory.CreateTempSubdirectory("tessera-server-").FullName;
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public WebApplication App => _app ?? throw new InvalidOperationException("not started");

    public StringWriter ConsoleOutput { get; } = new();

    protected virtual bool Demo => false;

    /// <summary>How often open pages read their user again (the product's minute by default).</summary>
    protected virtual TimeSpan CircuitRevalidation => TimeSpan.FromMinutes(1);

    /// <summary>Temp folder owned by this fixture (deleted on dispose).</summary>
    protected string Folder => _folder;

    /// <summary>ATT&amp;CK sources to start with: by default every shared bundle.</summary>
    protected virtual IReadOnlyList<string> AttackSources() => [SharedData.Combine("attack")];

    public async ValueTask InitializeAsync()
    {
        _storage = await StorageAsync();
        await StartAsync();
    }

    private StorageOptions? _storage;

    /// <summary>Drops what <see cref="StorageAsync"/> made, once the server has stopped.</summary>
    protected virtual ValueTask ReleaseStorageAsync() => ValueTask.CompletedTask;

    /// <summary>Where the server keeps its data: by default a SQLite file in <see cref="Folder"/>.</summary>
    protected virtual Task<StorageOptions> StorageAsync() => Task.FromResult(StorageOptions.Sqlite(Path.Combine(_folder, "tessera.db")));

    /// <summary>Stops the server and starts a new one on the same database file (what survives a restart).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    private async Task StartAsync()
    {
        var options = new TesseraServerOptions
        {
            // The tests' webhook receivers listen on 127.0.0.1.
            AllowLoopbackWebhooks = true,
            Urls = "http://127.0.0.1:0",
            Storage = _storage!,
            AttackSources = AttackSources(),
            InitialAdminPassword = AdminPassword,
            Demo = Demo,
            Console = ConsoleOutput,
            Quiet = true,
            // Test assemblies run in parallel on two cores, so the one-off model build can take minutes.
            AlertMapperBuildWait = TimeSpan.FromMinutes(10),
            CircuitRevalidation = CircuitRevalidation,
        };
        _app = TesseraWebApp.Build(options);
        var addresses = await TesseraWebApp.StartAsync(_app, CancellationToken.None);
        BaseAddress = new Uri(addresses[0].TrimEnd('/') + "/");
    }

    private async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await ReleaseStorageAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS is left in the temp folder; it does not affect other tests.
        }

        GC.SuppressFinalize(this);
    }

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    /// <summary>
    /// A client signed in through the sign-in form, as a browser is (cookie, no redirects followed): what it gets from a
    /// page is the prerendered HTML a browser receives. The admin by default.
    /// </summary>
    public async Task<HttpClient> SignedInClientAsync(string userName = "admin", string password = AdminPassword) =>
        (await CookieSession.SignInAsync(BaseAddress, userName, password)).Client;

    /// <summary>A client authenticated by a fresh API key of <paramref name="role"/>, created through the API by the admin.</summary>
    public async Task<HttpClient> ClientWithRoleAsync(string role)
    {
        using var admin = await AdminAsync();
        var response = await admin.PostAsJsonAsync("api/v1/api-keys", new { name = $"test-{role}-{Guid.NewGuid():N}", role });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<CreatedKey>();
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created!.Token);
        return client;
    }

    /// <summary>An admin client: bootstraps an admin API key once by signing in with the admin password.</summary>
    public async Task<HttpClient> AdminAsync()
    {
        var token = await AdminTokenAsync();
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private string? _adminToken;

    private async Task<string> AdminTokenAsync()
    {
        if (_adminToken is not null)
        {
            return _adminToken;
        }

        var keys = (Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Tessera.Core.Security.ApiKeyService>(App.Services));
        var created = await keys.CreateAsync("test-admin", Tessera.Core.Security.Role.Admin, "tests", CancellationToken.None);
        _adminToken = created.Value!.Token;
        return _adminToken;
    }

    private sealed record CreatedKey(string Token);
}
