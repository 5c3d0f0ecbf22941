using Tessera.Core.Attack;
using Tessera.Core.Stix;

namespace Tessera.Server.Knowledge;

/// <summary>
/// The ATT&amp;CK collections this server instance has loaded, from the sources the operator named
/// (files, folders or URLs; never downloaded silently). Collections are immutable and shared between requests.
/// </summary>
public sealed class KnowledgeBaseHost(IHttpClientFactory? httpClients = null)
{
    private volatile AttackKnowledgeBase _knowledge = new();
    private volatile IReadOnlyList<string> _errors = [];

    public AttackKnowledgeBase Knowledge => _knowledge;

    /// <summary>Loaded collections, by domain then newest version first.</summary>
    public IReadOnlyList<AttackCollection> Collections =>
        _knowledge.Collections.OrderBy(c => c.Info.Domain).ThenByDescending(c => AttackVersionOrder(c.Info.Version)).ToList();

    /// <summary>Sources that failed to load, with the reader's message naming file and position.</summary>
    public IReadOnlyList<string> LoadErrors => _errors;

    public AttackCollection? Find(string key) => _knowledge.Find(key);

    /// <summary>The newest loaded release of a domain, or null when none is loaded.</summary>
    public AttackCollection? Latest(AttackDomain domain) => _knowledge.Latest(domain);

    /// <summary>Loads every source; failures are kept in <see cref="LoadErrors"/>, not thrown, so the server still starts.</summary>
    public async Task LoadAsync(IReadOnlyList<string> sources, CancellationToken ct)
    {
        using var http = httpClients?.CreateClient("attack") ?? new HttpClient();
        var loader = new AttackSourceLoader(http);
        var knowledge = new AttackKnowledgeBase();
        var errors = new List<string>();
        foreach (var source in sources)
        {
            var bundles = Uri.TryCreate(source, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? [await loader.LoadUrlAsync(url, null, ct)]
                : (await loader.LoadPathAsync(source, null, ct)).Bundles;
            foreach (var bundle in bundles)
            {
                if (bundle.Succeeded)
                {
                    knowledge.Add(bundle.Collection!);
                }
                else
                {
                    errors.AddRange(bundle.Errors.Take(5).Select(e => e.ToString()));
                }
            }
        }

        _knowledge = knowledge;
        _errors = errors;
    }

    /// <summary>
    /// Reads a collection index (path or http(s) URL). With no <paramref name="versions"/> only the index comes back;
    /// otherwise each listed release of <paramref name="domain"/> (all domains when null) is loaded, and every bundle
    /// that loads is added beside the running collections (a key already loaded is replaced). A version the index lacks
    /// is an error naming the ones it has (nothing loaded); a bundle holding another release than the index lists fails
    /// to load and is not added.
    /// </summary>
    public async Task<IndexImport> ImportFromIndexAsync(string index, AttackDomain? domain, IReadOnlyList<string> versions, CancellationToken ct)
    {
        using var http = httpClients?.CreateClient("attack") ?? new HttpClient();
        var loader = new AttackSourceLoader(http);
        var read = await loader.ReadIndexAsync(index, ct);
        if (read.Index is null || versions.Count == 0)
        {
            return new IndexImport(read, [], []);
        }

        var (picks, problem) = read.Index.Select(domain, versions);
        if (problem is not null)
        {
            return new IndexImport(read, [], [problem]);
        }

        // A bundle holding another release than the index lists fails to load (LoadIndexedAsync): it is reported, not added.
        var loaded = new List<StixLoadResult>();
        foreach (var pick in picks)
        {
            loaded.Add(await loader.LoadIndexedAsync(pick, null, ct));
        }

        foreach (var bundle in loaded.Where(b => b.Succeeded))
        {
            _knowledge.Add(bundle.Collection!);
        }

        return new IndexImport(read, loaded, []);
    }

    private static Version AttackVersionOrder(string text) => Version.TryParse(text, out var v) ? v : new Version(0, 0);
}

/// <summary>What <see cref="KnowledgeBaseHost.ImportFromIndexAsync"/> read and loaded; <see cref="Errors"/> are request errors (nothing loaded).</summary>
public sealed record IndexImport(CollectionIndexResult Index, IReadOnlyList<StixLoadResult> Loaded, IReadOnlyList<string> Errors)
{
    /// <summary>Every problem in reading order: the index's, the request's, then up to five per bundle.</summary>
    public IEnumerable<string> AllErrors() =>
        Index.Errors.Select(e => e.ToString()).Concat(Errors).Concat(Loaded.SelectMany(b => b.Errors.Take(5)).Select(e => e.ToString()));
}
