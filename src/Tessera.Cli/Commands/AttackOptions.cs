using System.CommandLine;
using Tessera.Core.Attack;
using Tessera.Core.Stix;

namespace Tessera.Cli.Commands;

/// <summary>Options shared by verbs that read ATT&amp;CK, and loading with clear errors.</summary>
public static class AttackOptions
{
    public static Option<string[]> Source() => new("--attack")
    {
        Description = "ATT&CK bundle file or folder of bundles; repeatable (default: ../shared/data/attack)",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<bool> Json() => new("--json") { Description = "Machine-readable JSON output" };

    /// <summary>Loads every bundle named (or the default folder). Prints errors and returns null when any fails.</summary>
    public static async Task<IReadOnlyList<AttackCollection>?> LoadAllAsync(CliConsole console, string[]? sources, CancellationToken ct)
    {
        var given = sources is { Length: > 0 } ? sources : DataLocations.DefaultAttackFolder() is { } d ? [d] : [];
        if (given.Length == 0)
        {
            console.Fail("no ATT&CK data: pass --attack PATH or set " + DataLocations.AttackEnvironmentVariable);
            return null;
        }

        var files = new List<string>();
        foreach (var source in given)
        {
            if (Directory.Exists(source))
            {
                files.AddRange(AttackSourceLoader.BundleFiles(source));
            }
            else if (File.Exists(source))
            {
                files.Add(source);
            }
            else
            {
                console.Fail($"{source}: no such file or folder");
                return null;
            }
        }

        var results = await Task.WhenAll(files.Select(f => StixBundleReader.ReadFileAsync(f, null, ct)));
        var failed = results.Where(r => !r.Succeeded).ToList();
        foreach (var error in failed.SelectMany(r => r.Errors.Take(10)))
        {
            console.Fail(error.ToString());
        }

        return failed.Count > 0 ? null : results.Select(r => r.Collection!).ToList();
    }

    /// <summary>The collection a command works on: <paramref name="key"/> if given (e.g. enterprise-attack@17.1), else the newest Enterprise.</summary>
    public static AttackCollection? Pick(CliConsole console, IReadOnlyList<AttackCollection> collections, string? key, AttackDomain domain = AttackDomain.Enterprise)
    {
        var pick = key is null
            ? collections.Where(c => c.Info.Domain == domain).MaxBy(c => Version.TryParse(c.Info.Version, out var v) ? v : new Version())
            : collections.FirstOrDefault(c => c.Info.Key.Equals(key, StringComparison.OrdinalIgnoreCase)
                                              || c.Info.Version == key && c.Info.Domain == domain);
        if (pick is null)
        {
            console.Fail(key is null
                ? $"no {domain.ToStixName()} collection loaded"
                : $"collection '{key}' is not loaded; loaded: {string.Join(", ", collections.Select(c => c.Info.Key))}");
        }

        return pick;
    }

    public static async Task<AttackCollection?> LoadForDomainAsync(CliConsole console, string[]? sources, string domainName, CancellationToken ct)
    {
        var all = await LoadAllAsync(console, sources, ct);
        if (all is null)
        {
            return null;
        }

        return AttackDomains.TryParse(domainName, out var domain)
            ? Pick(console, all, null, domain)
            : Pick(console, all, null);
    }
}
