using System.CommandLine;
using Tessera.Infrastructure.Storage;
using Tessera.Server.Hosting;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera serve</c>: runs the web UI and REST API until stopped.</summary>
public static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var urls = new Option<string>("--urls") { Description = "Address to listen on", DefaultValueFactory = _ => TesseraServerOptions.DefaultUrls };
        var db = new Option<string?>("--db") { Description = "SQLite file path (default .tessera/tessera.db) or a PostgreSQL connection string / postgres:// URI" };
        var attack = new Option<string[]>("--attack")
        {
            Description = "ATT&CK bundle file, folder of bundles or URL; repeatable (default: ../shared/data/attack)",
            AllowMultipleArgumentsPerToken = true,
        };
        var demo = new Option<bool>("--demo") { Description = "Seed the demo data set (idempotent); uses .tessera/demo.db unless --db is given" };

        var trustProxy = new Option<string[]>("--trust-proxy") { Description = "Reverse proxy IP or CIDR whose X-Forwarded-For/-Proto are honoured; repeatable (default: none)", AllowMultipleArgumentsPerToken = true };

        var loopbackWebhooks = new Option<bool>("--allow-loopback-webhooks")
        {
            Description = "Deliver webhooks to loopback addresses too (a receiver on this host); link-local and metadata addresses are never targets",
        };

        var command = new Command("serve", "Run the Tessera web UI and REST API") { urls, db, attack, demo, trustProxy, loopbackWebhooks };
        command.SetAction(async (parse, ct) =>
        {
            var isDemo = parse.GetValue(demo);
            if (!StorageOptions.TryParse(parse.GetValue(db) ?? DataLocations.DefaultDatabase(isDemo), out var storage, out var error))
            {
                return console.Fail(error);
            }

            var where = CoverageCliSupport.PrepareDatabase(storage, out var folderError);
            if (folderError is not null)
            {
                return console.Fail(folderError);
            }

            var sources = parse.GetValue(attack) is { Length: > 0 } given ? given : DefaultSources();
            if (sources.Count == 0)
            {
                return console.Fail("no ATT&CK data: pass --attack PATH|URL or set " + DataLocations.AttackEnvironmentVariable);
            }

            var options = new TesseraServerOptions
            {
                Urls = parse.GetValue(urls)!,
                Storage = storage,
                AttackSources = sources,
                Demo = isDemo,
                Console = console.Out,
                TrustedProxies = parse.GetValue(trustProxy) ?? [],
                AllowLoopbackWebhooks = parse.GetValue(loopbackWebhooks),
            };
            Microsoft.AspNetCore.Builder.WebApplication built;
            try
            {
                built = TesseraWebApp.Build(options);
            }
            catch (FormatException ex)
            {
                return console.Fail(ex.Message);
            }

            await using var app = built;
            IReadOnlyCollection<string> addresses;
            try
            {
                addresses = await TesseraWebApp.StartAsync(app, ct);
            }
            catch (System.Data.Common.DbException ex)
            {
                // A file that is not a SQLite database, a PostgreSQL server that refuses: one line, not a stack trace.
                return console.Fail($"cannot open {where}: {ex.Message}");
            }
            catch (Tessera.Infrastructure.Storage.ForeignDatabaseException ex)
            {
                return console.Fail($"cannot use {where}: {ex.Message}");
            }
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                return console.Fail($"cannot listen on {options.Urls}: {ex.Message}");
            }

            await console.Out.WriteLineAsync($"Tessera is listening on {string.Join(", ", addresses)} (database: {storage.Provider}). Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }

    private static IReadOnlyList<string> DefaultSources() =>
        DataLocations.DefaultAttackFolder() is { } folder ? [folder] : [];
}
