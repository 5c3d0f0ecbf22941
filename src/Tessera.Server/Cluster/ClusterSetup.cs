using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tessera.Infrastructure.Storage;
using Tessera.Server.Jobs;

namespace Tessera.Server.Cluster;

/// <summary>What lets several instances serve one database behind a reverse proxy: shared keys, trusted forwarded headers, jobs.</summary>
public static class ClusterSetup
{
    /// <summary>
    /// Data Protection keys in the database under one application name, forwarded headers from
    /// <paramref name="trustedProxies"/> only, the job host with the webhook delivery job, and its HTTP client.
    /// </summary>
    public static IServiceCollection AddTesseraCluster(this IServiceCollection services, IReadOnlyList<string> trustedProxies, bool runJobs,
        bool allowLoopbackWebhooks = false)
    {
        // A fixed name: by default it derives from the content root path, which differs between machines.
        services.AddDataProtection().SetApplicationName("Tessera");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new DbXmlRepository(sp.GetRequiredService<IDbContextFactory<TesseraDbContext>>())));

        // Parsed once now so a bad --trust-proxy value stops start-up with its message, not the first request.
        ConfigureForwarding(new ForwardedHeadersOptions(), trustedProxies);
        services.Configure<ForwardedHeadersOptions>(o => ConfigureForwarding(o, trustedProxies));

        services.AddSingleton(new JobHostOptions { RunInBackground = runJobs });
        var targets = new WebhookTargetOptions(allowLoopbackWebhooks);
        services.AddSingleton(targets);
        services.AddHttpClient(WebhookDeliveryJob.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => WebhookConnector.Handler(targets));
        services.AddTesseraJob<WebhookDeliveryJob>(WebhookDeliveryJob.Name, WebhookDeliveryJob.Interval);
        services.AddSingleton<Api.Webhooks.WebhookTester>();
        return services;
    }

    /// <summary>Honours X-Forwarded-For/-Proto only from the configured proxies; with none configured the headers are ignored.</summary>
    public static WebApplication UseTesseraForwardedHeaders(this WebApplication app, IReadOnlyList<string> trustedProxies)
    {
        if (trustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    /// <summary>Parses each entry as an IP address or a CIDR network; throws <see cref="FormatException"/> naming a bad one.</summary>
    public static void ConfigureForwarding(ForwardedHeadersOptions o, IReadOnlyList<string> trustedProxies)
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        o.KnownIPNetworks.Clear();
        o.KnownProxies.Clear();
        foreach (var entry in trustedProxies.Select(p => p.Trim()))
        {
            if (entry.Contains('/'))
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(entry, out var network)
                    ? network
                    : throw new FormatException($"--trust-proxy '{entry}' is not an IP network (e.g. 10.0.0.0/8)."));
            }
            else
            {
                o.KnownProxies.Add(IPAddress.TryParse(entry, out var address)
                    ? address
                    : throw new FormatException($"--trust-proxy '{entry}' is not an IP address (e.g. 127.0.0.1)."));
            }
        }
    }
}
