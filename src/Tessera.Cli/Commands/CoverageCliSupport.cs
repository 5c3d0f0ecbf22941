using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Stix;
using Tessera.Infrastructure;
using Tessera.Infrastructure.Storage;

namespace Tessera.Cli.Commands;

/// <summary>What the rules, validations and coverage verbs share: the database they work on and the Enterprise collection.</summary>
internal static class CoverageCliSupport
{
    public static Option<string?> Db() => new("--db")
    {
        Description = "SQLite file (default .tessera/tessera.db), 'Host=…' or postgres:// URI: the same database 'tessera serve' uses",
    };

    public static Option<string?> Collection() => new("--collection") { Description = "ATT&CK collection key, e.g. enterprise-attack@17.1 (default: newest Enterprise)" };

    /// <summary>
    /// Opens and migrates the database (plus whatever <paramref name="add"/> registers); null, after printing why, when
    /// the value is invalid or the database cannot be opened (a file that is not a SQLite database, a server that
    /// refuses the connection, another application's database): one line naming it, never a stack trace. A verb that only reads passes
    /// <paramref name="mustExist"/>: a SQLite file that does not exist is then that error (naming the path, and the demo
    /// database when there is one), never a new empty database whose "0 of 0" would hide a mistyped <c>--db</c>.
    /// Verbs that write create the file, as a pipeline's first import needs.
    /// </summary>
    public static async Task<ServiceProvider?> OpenAsync(
        CliConsole console, string? db, CancellationToken ct, Func<IServiceCollection, IServiceCollection>? add = null, bool mustExist = false)
    {
        if (!StorageOptions.TryParse(db ?? DataLocations.DefaultDatabase(false), out var storage, out var error))
        {
            console.Fail(error);
            return null;
        }

        if (mustExist && (MissingDatabase(storage) ?? await StorageInitializer.MissingPostgresDatabaseAsync(storage, ct)) is { } missing)
        {
            console.Fail(missing);
            return null;
        }

        var where = PrepareDatabase(storage, out var folderError);
        if (folderError is not null)
        {
            console.Fail(folderError);
            return null;
        }

        var collection = new ServiceCollection().AddTesseraStorage(storage)
            .AddSingleton(_ => NewerTechniqueSource.FromSharedData(DataLocations.DefaultSharedDataFolder()));
        var services = (add ?? (s => s))(collection).BuildServiceProvider();
        try
        {
            await StorageInitializer.MigrateAsync(services.GetRequiredService<IDbContextFactory<TesseraDbContext>>(), ct);
            return services;
        }
        catch (System.Data.Common.DbException ex)
        {
            await services.DisposeAsync();
            console.Fail($"cannot open {where}: {ex.Message}");
            return null;
        }
        catch (ForeignDatabaseException ex)
        {
            await services.DisposeAsync();
            console.Fail($"cannot use {where}: {ex.Message}");
            return null;
        }
    }

    /// <summary>
    /// Why a read-only verb cannot run on <paramref name="storage"/>: its SQLite file does not exist (PostgreSQL
    /// databases are the server's to report); null when it does.
    /// </summary>
    public static string? MissingDatabase(StorageOptions storage)
    {
        if (storage.Provider != StorageProvider.Sqlite)
        {
            return null;
        }

        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(storage.ConnectionString).DataSource;
        if (File.Exists(file))
        {
            return null;
        }

        if (Directory.Exists(file))
        {
            return $"{file} is a folder, not a database file (--db takes the file's path)";
        }

        var demo = DataLocations.DefaultDatabase(true);
        var hint = File.Exists(demo) && Path.GetFullPath(file) != demo ? $"; 'tessera serve --demo' keeps its data in {demo}" : "";
        return $"no database at {file} (tessera serve or an import creates it; --db chooses another{hint})";
    }

    /// <summary>
    /// What an error says it could not open: the SQLite file (whose folder this creates, as opening it needs one) or
    /// "PostgreSQL database" (a connection string may hold a password, so it is never printed). <paramref name="error"/>
    /// says why the folder cannot be made (a file where a folder should be, no permission); null when it can.
    /// </summary>
    public static string PrepareDatabase(StorageOptions storage, out string? error)
    {
        error = null;
        if (storage.Provider != StorageProvider.Sqlite)
        {
            return "PostgreSQL database";
        }

        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(storage.ConnectionString).DataSource;
        if (Directory.Exists(file))
        {
            // SQLite's own answer is "disk I/O error".
            error = $"cannot open {file}: it is a folder, not a database file (--db takes the file's path)";
            return file;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = File.Exists(folder)
                ? $"cannot open {file}: {folder} is a file, not a folder"
                : $"cannot open {file}: its folder {folder} cannot be made ({ex.Message.TrimEnd('.')})";
        }

        return file;
    }

    /// <summary>
    /// Loads only the bundles of one domain from the sources (default shared/data/attack) and picks <paramref name="key"/>
    /// or the newest: Enterprise, unless the key names another domain's collection (<c>ics-attack@18.1</c>, whose bundles
    /// were skipped and the key answered "not loaded"). Reading every domain would only slow a pipeline step down.
    /// </summary>
    public static async Task<AttackCollection?> LoadEnterpriseAsync(CliConsole console, string[]? sources, string? key, CancellationToken ct)
    {
        var given = sources is { Length: > 0 } ? sources : DataLocations.DefaultAttackFolder() is { } d ? [d] : [];
        var domain = key?.IndexOf('@') is > 0 and var at && AttackDomains.TryParse(key[..at], out var named) ? named : AttackDomain.Enterprise;
        var pattern = domain.ToStixName() + "*.json";
        var files = given.SelectMany<string, string>(s => Directory.Exists(s)
                ? Directory.EnumerateFiles(s, pattern).Order(StringComparer.Ordinal)
                : File.Exists(s) ? [s] : Array.Empty<string>())
            .ToList();
        if (files.Count == 0)
        {
            console.Fail($"no {domain.ToStixName()} bundle found: pass --attack PATH or set " + DataLocations.AttackEnvironmentVariable);
            return null;
        }

        var results = await Task.WhenAll(files.Select(f => StixBundleReader.ReadFileAsync(f, null, ct)));
        foreach (var failure in results.Where(r => !r.Succeeded).SelectMany(r => r.Errors.Take(5)))
        {
            console.Fail(failure.ToString());
        }

        var loaded = results.Where(r => r.Succeeded).Select(r => r.Collection!).ToList();
        return loaded.Count == 0 ? null : AttackOptions.Pick(console, loaded, key);
    }

    /// <summary>
    /// Coverage before a CLI write, so <see cref="RecordChangeAsync"/> can store the regressions it causes exactly as a
    /// write through the server does (regression record, audit entry, webhook, backlog). Null without a collection.
    /// </summary>
    public static async Task<CoverageReport?> CaptureAsync(ServiceProvider services, AttackCollection? attack, CancellationToken ct) =>
        attack is null ? null : await services.GetRequiredService<CoverageChangeMonitor>().CaptureAsync(attack, ct);

    /// <summary>Recomputes coverage after the write and records what it lost; one line on stderr says what happened.</summary>
    public static async Task RecordChangeAsync(
        CliConsole console, ServiceProvider services, AttackCollection? attack, CoverageReport? before, string trigger, CancellationToken ct)
    {
        if (attack is null || before is null)
        {
            return;
        }

        var outcome = await services.GetRequiredService<CoverageChangeMonitor>().ProcessAsync(before, attack, trigger, CliAudit.Actor, ct);
        // Only what happened: "0 techniques regressed (recorded, webhooks queued)" claimed a record and a webhook event
        // that a change without regressions never makes.
        var regressed = outcome.Regressions.Count switch
        {
            0 => "no technique regressed",
            1 => "1 technique regressed (recorded, audited, webhook event queued)",
            var n => $"{n} techniques regressed (recorded, audited, webhook event queued)",
        };
        var backlog = outcome.Backlog.IsEmpty
            ? "backlog unchanged"
            : $"backlog {outcome.Backlog.Create.Count} created, {outcome.Backlog.Reopen.Count} reopened, {outcome.Backlog.Close.Count} closed";
        await console.Error.WriteLineAsync($"coverage: {regressed}; {backlog}");
    }
}
