using System.Net;
using Tessera.Core.Attack;

namespace Tessera.Core.Stix;

/// <summary>
/// Loads ATT&amp;CK bundles from a place a user or configuration names: a file, a folder of bundles, or a
/// URL fetched with the caller's <see cref="HttpClient"/>. Nothing is ever downloaded implicitly.
/// </summary>
public sealed class AttackSourceLoader(HttpClient? http = null)
{
    /// <summary>File name of the published index, which sits beside bundles but is not one.</summary>
    public const string CollectionIndexFileName = "collection-index.json";

    /// <summary>
    /// Loads a bundle file, or every <c>*.json</c> bundle directly in a folder (skipping
    /// <see cref="CollectionIndexFileName"/>). Each bundle is its own all-or-nothing import.
    /// </summary>
    public async Task<AttackSourceResult> LoadPathAsync(string path, StixReadOptions? options, CancellationToken ct)
    {
        if (Directory.Exists(path))
        {
            var files = BundleFiles(path);
            if (files.Count == 0)
            {
                return AttackSourceResult.Of(StixLoadResult.Failed(path,
                    new StixError(StixErrorKind.Unreadable, $"No *.json bundle in folder '{path}'", new StixLocation(path))));
            }

            var results = new List<StixLoadResult>(files.Count);
            foreach (var file in files)
            {
                ct.ThrowIfCancellationRequested();
                results.Add(await StixBundleReader.ReadFileAsync(file, options, ct).ConfigureAwait(false));
            }

            return new AttackSourceResult(results);
        }

        return AttackSourceResult.Of(await StixBundleReader.ReadFileAsync(path, options, ct).ConfigureAwait(false));
    }

    /// <summary>The bundle files directly in <paramref name="folder"/>: every <c>*.json</c> but the collection index, in name order.</summary>
    public static IReadOnlyList<string> BundleFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.json", SearchOption.TopDirectoryOnly)
            .Where(f => !string.Equals(Path.GetFileName(f), CollectionIndexFileName, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Streams a bundle from an http(s) URL with the size cap of <see cref="StixBundleReader"/>. Network
    /// failures, non-success statuses and oversized responses come back as errors.
    /// </summary>
    public async Task<StixLoadResult> LoadUrlAsync(Uri url, StixReadOptions? options, CancellationToken ct)
    {
        var source = url.ToString();
        if (http is null)
        {
            return Unreadable(source, "No HttpClient was supplied to load URLs");
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return Unreadable(source, "Only http and https URLs can be loaded");
        }

        options ??= StixReadOptions.Default;
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return Unreadable(source, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength > options.EffectiveMaxBytes)
            {
                return StixLoadResult.Failed(source, new StixError(StixErrorKind.TooLarge,
                    $"The response declares {response.Content.Headers.ContentLength:N0} bytes; the limit is {options.EffectiveMaxBytes:N0} bytes", new StixLocation(source)));
            }

            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return await StixBundleReader.ReadAsync(body, source, options, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return Unreadable(source, ex.Message);
        }
        catch (IOException ex)
        {
            return Unreadable(source, ex.Message);
        }
    }

    /// <summary>Reads a collection index from a local path or an http(s) URL (capped like <see cref="CollectionIndexReader"/>).</summary>
    public async Task<CollectionIndexResult> ReadIndexAsync(string location, CancellationToken ct)
    {
        if (!Uri.TryCreate(location, UriKind.Absolute, out var url) || url.IsFile)
        {
            return await CollectionIndexReader.ReadFileAsync(url?.IsFile == true ? url.LocalPath : location, ct).ConfigureAwait(false);
        }

        if (http is null || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return new CollectionIndexResult(null, [new StixError(StixErrorKind.Unreadable, $"Cannot load '{location}': only local paths and http(s) URLs", new StixLocation(location))]);
        }

        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new CollectionIndexResult(null, [new StixError(StixErrorKind.Unreadable, $"Cannot load '{location}': HTTP {(int)response.StatusCode}", new StixLocation(location))]);
            }

            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return await CollectionIndexReader.ReadAsync(body, location, url, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return new CollectionIndexResult(null, [new StixError(StixErrorKind.Unreadable, $"Cannot load '{location}': {ex.Message}", new StixLocation(location))]);
        }
    }

    /// <summary>
    /// Loads one release listed in an index: a <c>file:</c> URL (only a local index yields those) or an http(s) URL. A
    /// bundle that turns out to be another release than the index lists (a mirror whose 18.0 entry points at the 18.1
    /// file) is refused like a broken one, naming both releases: asking for one release never loads another.
    /// </summary>
    public async Task<StixLoadResult> LoadIndexedAsync(IndexedCollectionVersion version, StixReadOptions? options, CancellationToken ct)
    {
        var result = version.Url.IsFile
            ? await StixBundleReader.ReadFileAsync(version.Url.LocalPath, options, ct).ConfigureAwait(false)
            : await LoadUrlAsync(version.Url, options, ct).ConfigureAwait(false);
        return result.Collection is { } loaded && loaded.Info.Version != version.Version
            ? StixLoadResult.Failed(result.Report.Source, new StixError(StixErrorKind.UnknownCollection,
                $"The index lists this bundle as release {version.Version}, but it holds {loaded.Info.Key}; nothing loaded", new StixLocation(result.Report.Source)))
            : result;
    }

    private static StixLoadResult Unreadable(string source, string message) =>
        StixLoadResult.Failed(source, new StixError(StixErrorKind.Unreadable, $"Cannot load '{source}': {message}", new StixLocation(source)));
}

/// <summary>The bundles one source yielded, each with its own errors and report.</summary>
public sealed record AttackSourceResult(IReadOnlyList<StixLoadResult> Bundles)
{
    /// <summary>Collections that loaded (a failed bundle contributes none).</summary>
    public IReadOnlyList<AttackCollection> Collections => Bundles.Where(b => b.Collection is not null).Select(b => b.Collection!).ToList();

    public IReadOnlyList<StixError> Errors => Bundles.SelectMany(b => b.Errors).ToList();

    public bool Succeeded => Bundles.Count > 0 && Bundles.All(b => b.Succeeded);

    internal static AttackSourceResult Of(StixLoadResult single) => new([single]);
}
