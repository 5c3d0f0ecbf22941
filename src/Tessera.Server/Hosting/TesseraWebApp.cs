using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scalar.AspNetCore;
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Security;
using Tessera.Core.Storage;
using Tessera.Infrastructure.Storage;
using Tessera.Infrastructure;
using Tessera.Server.Alerts;
using Tessera.Server.Api;
using Tessera.Server.Api.Attack;
using Tessera.Server.Api.Alerts;
using Tessera.Server.Api.Jobs;
using Tessera.Server.Api.Runbooks;
using Tessera.Server.Api.Webhooks;
using Tessera.Server.Cluster;
using Tessera.Server.Components;
using Tessera.Server.Components.Shared;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Hosting;

/// <summary>Builds and starts the Tessera web host: REST API under <c>/api/v1</c>, OpenAPI, and the Blazor UI.</summary>
public static class TesseraWebApp
{
    /// <summary>Largest request body the API accepts; bulk imports larger than this go through the CLI.</summary>
    public const long MaxRequestBodyBytes = 32L << 20;

    public static WebApplication Build(TesseraServerOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // The host's assembly name selects the static web assets manifest (blazor.web.js, CSS).
            ApplicationName = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        if (options.Quiet)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddTesseraStorage(options.Storage);
        services.AddSingleton(_ => Core.Attack.NewerTechniqueSource.FromSharedData(SharedDataFolder(options)));
        services.AddHttpClient("attack", c => c.Timeout = TimeSpan.FromMinutes(5));
        services.AddSingleton<KnowledgeBaseHost>();
        services.AddSingleton<IndexImportMemory>();
        services.AddSingleton<RememberedReleaseFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<RememberedReleaseFollower>());
        services.AddSingleton(new AttackLicense(options.AttackSources));
        services.AddSingleton<AuditWriter>();
        services.AddSingleton<Api.Users.UserWrites>();
        services.AddSingleton<Api.Sources.SourceActivation>();
        services.AddSingleton<Demo.IDemoSeeder, Demo.UsersDemoSeeder>();
        services.AddSingleton<Demo.IDemoSeeder, Demo.CoverageDemoSeeder>(); services.AddSingleton<Components.Coverage.CoverageViewService>().AddSingleton<Api.Coverage.CoverageWrites>();
        services.AddTesseraSecurity();
        services.AddAlerts();
        Api.Incidents.IncidentsSetup.AddTesseraIncidents(services);
        Api.Enrichment.EnrichmentEndpoints.AddTesseraEnrichment(services); services.AddSingleton<Api.Threats.ThreatService>();
        services.AddTesseraCluster(options.TrustedProxies, options.BackgroundJobs, options.AllowLoopbackWebhooks);
        Api.Backlog.BacklogSetup.AddTesseraBacklog(services);
        services.AddSingleton<Demo.IDemoSeeder, Demo.RunbooksDemoSeeder>().AddSingleton<Demo.IDemoSeeder, Demo.WebhooksDemoSeeder>();
        Api.Exposures.ExposureEndpoints.AddTesseraExposures(services);
        Api.Overview.OverviewEndpoints.AddTesseraOverview(services);
        services.AddTesseraApiJson();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Api.Problems.FillDetail);
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Tessera API";
            doc.Info.Description = "ATT&CK knowledge base, incidents, alert mapping and detection coverage. " +
                                   "Authenticate with an API key: Authorization: Bearer tsk_…";
            return Task.CompletedTask;
        }).AddDocumentTransformer<OpenApiSecurityTransformer>().AddOperationTransformer<OpenApiSecurityTransformer>()
            .AddOperationTransformer<OpenApiProblemResponses>()
            .AddSchemaTransformer((schema, context, _) =>
            {
                // TechniqueId travels as its text through its own converter, which hides that from the schema exporter.
                if (context.JsonTypeInfo.Type == typeof(Core.Attack.TechniqueId))
                {
                    schema.Type = Microsoft.OpenApi.JsonSchemaType.String;
                    schema.Pattern = Core.Attack.TechniqueId.Pattern;
                    schema.Description = "ATT&CK technique ID, e.g. T1059 or T1059.001";
                }

                return Task.CompletedTask;
            }).AddSchemaTransformer(EnumNamesConverter.EnumSchemas));
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = PrerenderState.MaxCircuitMessageBytes);
        services.AddPrerenderState();
        services.AddAntiforgery();

        var app = builder.Build();
        app.UseTesseraForwardedHeaders(options.TrustedProxies);
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseEnumQueryNames();
        app.UseAntiforgery();

        app.MapOpenApi("/openapi/{documentName}.json");
        // Scalar's default web fonts come from its own site, which the content security policy refuses (and an
        // offline instance cannot reach): the page uses local fonts instead.
        app.MapScalarApiReference("/scalar", options => options.DisableDefaultFonts());
        app.MapAccountEndpoints();
        app.MapAdminEndpoints();
        Api.Users.UserEndpoints.MapUserEndpoints(app);
        Api.Coverage.CoverageApi.MapCoverageEndpoints(app);
        app.MapAttackEndpoints(); Api.Attack.AttackMigrationEndpoints.MapAttackMigrationEndpoints(app);
        app.MapAlertEndpoints();
        Api.Sources.SourceEndpoints.MapSourceEndpoints(app); Api.Sources.SourceIndexEndpoints.MapSourceIndexEndpoints(app);
        Api.Incidents.IncidentEndpoints.MapIncidentEndpoints(app);
        Api.Enrichment.EnrichmentEndpoints.MapEnrichmentEndpoints(app);
        Api.Threats.ThreatEndpoints.MapThreatEndpoints(app);
        Api.Exposures.ExposureEndpoints.MapExposureEndpoints(app);
        Api.Overview.OverviewEndpoints.MapOverviewEndpoints(app);
        app.MapWebhookEndpoints().MapRunbookEndpoints().MapJobEndpoints();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// Migrates storage, creates the first admin (printing a generated password once), loads ATT&amp;CK and the demo
    /// data when asked, then starts listening. Returns the addresses the server listens on.
    /// </summary>
    public static async Task<IReadOnlyList<string>> StartAsync(WebApplication app, CancellationToken ct)
    {
        var options = app.Services.GetRequiredService<TesseraServerOptions>();
        await InitializeAsync(app.Services, options, ct);
        await app.StartAsync(ct);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        return addresses;
    }

    internal static async Task InitializeAsync(IServiceProvider services, TesseraServerOptions options, CancellationToken ct)
    {
        var knowledge = services.GetRequiredService<KnowledgeBaseHost>();
        var load = knowledge.LoadAsync(options.AttackSources, ct);

        if (options.InitialAdminPassword is { } password)
        {
            // A fixed first-admin password (tests, scripted set-up) instead of the generated one.
            await StorageInitializer.MigrateAsync(services.GetRequiredService<IDbContextFactory<TesseraDbContext>>(), ct);
            if (!await services.GetRequiredService<IUserStore>().AnyAsync(ct))
            {
                await services.GetRequiredService<UserAccountService>().CreateAsync(
                    new NewUser { UserName = UserAccountService.BootstrapUserName, Password = password, Role = Role.Admin }, ct);
            }
        }

        var admin = await services.InitializeTesseraStorageAsync(ct);
        if (admin is not null)
        {
            await options.Console.WriteLineAsync(
                $"First start: created user '{admin.UserName}' with password '{admin.Password}'. It is shown only once: change it after " +
                $"signing in (Change password, beside your name), or set a new one with 'tessera users set-password --user {admin.UserName}'.");
        }

        await load;
        // Releases an admin loaded from a collection index come back after a restart (and on other instances).
        var remembered = await services.GetRequiredService<IndexImportMemory>().ReloadAsync(knowledge, ct);
        foreach (var error in knowledge.LoadErrors.Concat(remembered))
        {
            await options.Console.WriteLineAsync("ATT&CK load error: " + error);
        }

        if (options.Demo)
        {
            var context = new Demo.DemoContext(services, knowledge, SharedDataFolder(options), options.Console);
            foreach (var seeder in services.GetServices<Demo.IDemoSeeder>().OrderBy(s => s.Order))
            {
                await seeder.SeedAsync(context, ct);
            }

            // Seeding parses the Sigma corpus and the Atomic catalogue (hundreds of MB, all short-lived) after the alert
            // mapper's own post-training collection; without this the GC keeps some of it committed (measured: 460–470 MB resident
            // after a fresh demo start without it, 432–438 MB with it).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }

    // The demo reads Sigma, Atomic and other public data from the folder that holds the ATT&CK data (shared/data).
    public static string? SharedDataFolder(TesseraServerOptions options) =>
        options.AttackSources
            .Select(s => Directory.Exists(s) ? Path.GetDirectoryName(Path.GetFullPath(s).TrimEnd('/')) : null)
            .FirstOrDefault(d => d is not null && Directory.Exists(Path.Combine(d, "sigma")));
}
