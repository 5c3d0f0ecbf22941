using System.CommandLine;
using Tessera.Core.Attack;
using Tessera.Core.Stix;

namespace Tessera.Cli.Commands;

public static partial class AttackCommands
{
    private static Command Import(CliConsole console)
    {
        var path = new Argument<string?>("source") { Description = "Bundle file or folder of bundles", Arity = ArgumentArity.ZeroOrOne };
        var index = new Option<string?>("--index") { Description = "A collection-index.json (path or http(s) URL): lists its collections, or imports the --version(s) chosen" };
        var versions = new Option<string[]>("--version") { Description = "With --index: release(s) to import, e.g. 18.1; repeatable", AllowMultipleArgumentsPerToken = true };
        var domain = new Option<string?>("--domain") { Description = "With --index: only this domain (enterprise, mobile, ics)" };
        var json = AttackOptions.Json();
        var command = new Command("import", "Read bundles strictly and report what they hold (all-or-nothing; errors name file, line and object)") { path, index, versions, domain, json };
        command.SetAction(async (parse, ct) =>
        {
            var wantJson = parse.GetValue(json);
            if (parse.GetValue(index) is { } indexLocation)
            {
                return await ImportFromIndexAsync(console, indexLocation, parse.GetValue(versions) ?? [], parse.GetValue(domain), wantJson, ct);
            }

            if (parse.GetValue(path) is not { } source)
            {
                return console.Fail("give a bundle file or folder, or --index PATH|URL");
            }

            var files = Directory.Exists(source) ? AttackSourceLoader.BundleFiles(source) : [source];
            if (files.Count == 0)
            {
                return console.Fail($"{source}: no *.json bundle in this folder");
            }

            if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
            {
                return console.Fail($"{missing}: no such file or folder");
            }

            var results = await CliProgress.RunAsync(console, wantJson, files
                .Select(f => ($"reading {Path.GetFileName(f)} ({new FileInfo(f).Length / 1024 / 1024} MB)", (Func<Task<StixLoadResult>>)(() => StixBundleReader.ReadFileAsync(f, null, ct))))
                .ToList());
            return await ReportImportAsync(console, files.Zip(results).ToList(), wantJson);
        });
        return command;
    }

    private static async Task<int> ImportFromIndexAsync(CliConsole console, string location, string[] versions, string? domainName, bool json, CancellationToken ct)
    {
        AttackDomain? domain = null;
        if (domainName is not null)
        {
            if (!AttackDomains.TryParse(domainName, out var d))
            {
                return console.Fail($"'{domainName}' is not a domain (enterprise, mobile, ics)");
            }

            domain = d;
        }

        using var http = new HttpClient();
        var loader = new AttackSourceLoader(http);
        var read = await loader.ReadIndexAsync(location, ct);
        if (read.Index is not { } collectionIndex)
        {
            return console.Fail(string.Join("; ", read.Errors.Select(e => e.ToString())));
        }

        var collections = collectionIndex.Collections.Where(c => domain is null || c.Domain == domain).ToList();
        if (versions.Length == 0)
        {
            return await ListIndexAsync(console, collections, json);
        }

        var (picks, problem) = collectionIndex.Select(domain, versions);
        if (problem is not null)
        {
            return console.Fail(problem);
        }

        // A bundle holding another release than the one asked for is refused by LoadIndexedAsync (exit 1, naming both).
        var results = await CliProgress.RunAsync(console, json, picks
            .Select(p => ($"loading {p.Version} ({Path.GetFileName(p.Url.AbsolutePath)})", (Func<Task<StixLoadResult>>)(() => loader.LoadIndexedAsync(p, null, ct))))
            .ToList());
        return await ReportImportAsync(console, picks.Select(p => p.Url.ToString()).Zip(results).ToList(), json);
    }

    private static async Task<int> ListIndexAsync(CliConsole console, IReadOnlyList<IndexedCollection> collections, bool json)
    {
        if (json)
        {
            console.WriteJson(collections.Select(c => new
            {
                name = c.Name, domain = c.Domain?.ToStixName(), versions = c.Versions.Select(v => new { version = v.Version, url = v.Url.ToString(), modified = v.Modified }),
            }));
            return 0;
        }

        foreach (var c in collections)
        {
            await console.Out.WriteLineAsync($"{c.Name} ({c.Domain?.ToStixName() ?? "unknown domain"}): {string.Join(", ", c.Versions.Select(v => v.Version))}");
        }

        return 0;
    }

    private static async Task<int> ReportImportAsync(CliConsole console, IReadOnlyList<(string Source, StixLoadResult Result)> loaded, bool json)
    {
        foreach (var (file, result) in loaded)
        {
            var report = new
            {
                file, ok = result.Succeeded, collection = result.Collection?.Info.Key, name = result.Collection?.Info.Name,
                stix = result.Collection?.Info.StixVersion, report = result.Report,
                errors = result.Errors.Select(e => e.ToString()), warnings = result.Warnings.Select(e => e.ToString()),
            };
            if (json)
            {
                console.WriteJson(report);
                continue;
            }

            await console.Out.WriteLineAsync(result.Succeeded
                ? $"{file}: {report.collection} ({report.name}, STIX {report.stix}): {result.Report.ObjectsLoaded} objects, {result.Report.RelationshipsLoaded} relationships, {result.Report.Revoked} revoked, {result.Report.Deprecated} deprecated, {result.Report.Skipped} skipped"
                : $"{file}: rejected, nothing imported");
            foreach (var error in result.Errors)
            {
                await console.Out.WriteLineAsync("  error: " + error);
            }
        }

        return loaded.All(l => l.Result.Succeeded) ? 0 : 1;
    }
}
