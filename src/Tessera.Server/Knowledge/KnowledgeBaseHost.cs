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

    private static Version AttackVersionOrder(string text) => Version.TryParse(text, out var v) ? v : new Version(0, 0);
}
