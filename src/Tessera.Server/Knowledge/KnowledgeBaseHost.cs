using Tessera.Core.Attack;
using Tessera.Core.Stix;

namespace Tessera.Server.Knowledge;

/// <summary>
/// The ATT&amp;CK collections this server instance has loaded, from the sources the operator named
/// (never downloaded silently). Collections are immutable; a reload swaps the whole set atomically.
/// </summary>
public sealed class KnowledgeBaseHost
{
    private volatile Snapshot _current = new([], []);

    public IReadOnlyList<AttackCollection> Collections => _current.Collections;

    /// <summary>Sources that failed to load, with the reader's message naming file and position.</summary>
    public IReadOnlyList<string> LoadErrors => _current.Errors;

    public AttackCollection? Find(string key) =>
        _current.Collections.FirstOrDefault(c => string.Equals(c.Info.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>The newest loaded release of a domain, or null when none is loaded.</summary>
    public AttackCollection? Latest(AttackDomain domain) =>
        _current.Collections.Where(c => c.Info.Domain == domain).MaxBy(c => ParseVersion(c.Info.Version));

    /// <summary>Loads every source (file or folder of bundles); failures are kept in <see cref="LoadErrors"/>, not thrown.</summary>
    public async Task LoadAsync(IReadOnlyList<string> sources, CancellationToken ct)
    {
        var collections = new List<AttackCollection>();
        var errors = new List<string>();
        foreach (var file in sources.SelectMany(Expand))
        {
            var result = await StixBundleReader.ReadFileAsync(file, null, ct);
            if (result.Succeeded)
            {
                collections.Add(result.Collection!);
            }
            else
            {
                errors.AddRange(result.Errors.Take(5).Select(e => e.ToString()));
            }
        }

        _current = new Snapshot(
            collections.OrderBy(c => c.Info.Domain).ThenByDescending(c => ParseVersion(c.Info.Version)).ToList(), errors);
    }

    private static IEnumerable<string> Expand(string source) =>
        Directory.Exists(source)
            ? Directory.EnumerateFiles(source, "*.json")
                .Where(f => !Path.GetFileName(f).Equals("collection-index.json", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
            : [source];

    private static Version ParseVersion(string text) => Version.TryParse(text, out var v) ? v : new Version(0, 0);

    private sealed record Snapshot(IReadOnlyList<AttackCollection> Collections, IReadOnlyList<string> Errors);
}
