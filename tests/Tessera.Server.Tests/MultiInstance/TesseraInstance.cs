using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Infrastructure.Storage;
using Tessera.Server.Hosting;
using Tessera.Server.Jobs;

namespace Tessera.Server.Tests.MultiInstance;

/// <summary>One real Tessera server (Kestrel on a free loopback port) on a shared database, as one node behind a load balancer.</summary>
public sealed class TesseraInstance : IAsyncDisposable
{
    public const string AdminPassword = "admin-multi-instance-1";

    private TesseraInstance(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public JobHost Jobs => App.Services.GetRequiredService<JobHost>();

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>
    /// Starts an instance. No ATT&amp;CK data: these tests are about coordination, and two copies of the bundles would
    /// only slow them. <paramref name="backgroundJobs"/> false leaves jobs to <see cref="JobHost.RunOnceAsync"/>.
    /// </summary>
    public static async Task<TesseraInstance> StartAsync(string connectionString, bool backgroundJobs = false, IReadOnlyList<string>? trustedProxies = null)
    {
        var options = new TesseraServerOptions
        {
            // The tests' webhook receivers listen on 127.0.0.1.
            AllowLoopbackWebhooks = true,
            Urls = "http://127.0.0.1:0",
            Storage = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connectionString },
            InitialAdminPassword = AdminPassword,
            Console = TextWriter.Null,
            Quiet = true,
            BackgroundJobs = backgroundJobs,
            TrustedProxies = trustedProxies ?? [],
        };
        var app = TesseraWebApp.Build(options);
        var addresses = await TesseraWebApp.StartAsync(app, CancellationToken.None);
        return new TesseraInstance(app, new Uri(addresses[0].TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
