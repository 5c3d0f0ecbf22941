using System.Text.Json;
using System.Text.RegularExpressions;
using Tessera.Core.Attack;
using Tessera.Core.Text;

namespace Tessera.Core.Stix;

/// <summary>Reads the published ATT&amp;CK <c>collection-index.json</c> into <see cref="CollectionIndex"/> records.</summary>
public static partial class CollectionIndexReader
{
    /// <summary>The published index is 30 KB; 4 MB allows decades of releases and keeps a bad file from costing memory.</summary>
    public const long MaxIndexBytes = 4L << 20;

    /// <summary>
    /// Reads an index file; returns errors (never throws) for unreadable, oversized, malformed or incomplete files.
    /// Version URLs may also be relative to the file or <c>file:</c> URLs, as long as they stay in the index's folder or below.
    /// </summary>
    public static async Task<CollectionIndexResult> ReadFileAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            return await ReadAsync(stream, path, new Uri(Path.GetFullPath(path)), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (FileErrors.CannotOpen(ex))
        {
            return Fail(StixErrorKind.Unreadable, $"Cannot read '{path}': {FileErrors.Reason(path, ex)}", new StixLocation(path));
        }
    }

    /// <summary>Reads an index from a stream; <paramref name="sourceName"/> labels error locations. Version URLs must be absolute http(s).</summary>
    public static Task<CollectionIndexResult> ReadAsync(Stream stream, string sourceName, CancellationToken ct) =>
        ReadAsync(stream, sourceName, null, ct);

    /// <summary>
    /// Reads an index published at <paramref name="location"/>: relative version URLs resolve against it. <c>file:</c>
    /// URLs are accepted only when the index is itself a local file, so a downloaded index cannot point the reader
    /// at files on this machine.
    /// </summary>
    public static async Task<CollectionIndexResult> ReadAsync(Stream stream, string sourceName, Uri? location, CancellationToken ct)
    {
        if (stream.CanSeek && stream.Length - stream.Position > MaxIndexBytes)
        {
            return Fail(StixErrorKind.TooLarge, $"The index is larger than {MaxIndexBytes:N0} bytes", new StixLocation(sourceName));
        }

        JsonDocument document;
        try
        {
            using var capped = new MemoryStream();
            await CopyCappedAsync(stream, capped, ct).ConfigureAwait(false);
            capped.Position = 0;
            document = await JsonDocument.ParseAsync(capped, default, ct).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return Fail(StixErrorKind.MalformedJson, "Malformed JSON", new StixLocation(sourceName, ex.LineNumber + 1, ex.BytePositionInLine + 1));
        }
        catch (InvalidDataException ex)
        {
            return Fail(StixErrorKind.TooLarge, ex.Message, new StixLocation(sourceName));
        }

        using (document)
        {
            return Map(document.RootElement, sourceName, location);
        }
    }

    private static async Task CopyCappedAsync(Stream source, MemoryStream target, CancellationToken ct)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            if (target.Length + read > MaxIndexBytes)
            {
                throw new InvalidDataException($"The index is larger than {MaxIndexBytes:N0} bytes");
            }

            target.Write(buffer, 0, read);
        }
    }

    private static CollectionIndexResult Map(JsonElement root, string source, Uri? location)
    {
        var errors = new List<StixError>();
        var at = new StixLocation(source);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("collections", out var collections) || collections.ValueKind != JsonValueKind.Array)
        {
            return Fail(StixErrorKind.NotABundle, "Not an ATT&CK collection index: no 'collections' array", at);
        }

        var list = new List<IndexedCollection>();
        var i = 0;
        foreach (var entry in collections.EnumerateArray())
        {
            var path = $"collections[{i++}]";
            var id = Text(entry, "id");
            var name = Text(entry, "name");
            if (id is null || name is null)
            {
                errors.Add(new StixError(StixErrorKind.MissingField, $"{path} needs 'id' and 'name'", at, id, path));
                continue;
            }

            var versions = new List<IndexedCollectionVersion>();
            var j = 0;
            foreach (var v in entry.TryGetProperty("versions", out var vs) && vs.ValueKind == JsonValueKind.Array ? vs.EnumerateArray() : default)
            {
                var field = $"{path}.versions[{j++}]";
                var version = Text(v, "version");
                if (version is null || Resolve(Text(v, "url"), location) is not { } url)
                {
                    errors.Add(new StixError(StixErrorKind.MissingField,
                        location?.IsFile == true ? $"{field} needs 'version' and an http(s) 'url', or a file/relative one inside the index's folder" : $"{field} needs 'version' and an http(s) 'url'", at, id, field));
                    continue;
                }

                versions.Add(new IndexedCollectionVersion(version, url, Date(v, "modified")));
            }

            list.Add(new IndexedCollection
            {
                StixId = id,
                Name = name,
                Domain = versions.Select(v => DomainOf(v.Url)).FirstOrDefault(d => d is not null),
                Created = Date(entry, "created"),
                Versions = versions,
            });
        }

        return errors.Count > 0
            ? new CollectionIndexResult(null, errors)
            : new CollectionIndexResult(new CollectionIndex { Name = Text(root, "name") ?? "", Modified = Date(root, "modified"), Collections = list }, []);
    }

    private static Uri? Resolve(string? text, Uri? location)
    {
        if (text is null)
        {
            return null;
        }

        var url = Uri.TryCreate(text, UriKind.Absolute, out var absolute) ? absolute
            : location is not null && Uri.TryCreate(location, text, out var relative) ? relative
            : null;
        return url?.Scheme switch
        {
            "https" or "http" => url,
            "file" when location?.IsFile == true && IsUnder(url, location) => url,
            _ => null,
        };
    }

    // A local index may name bundles beside it or below (file: or relative URLs), never elsewhere on the machine:
    // the file's content must not choose which local files get read.
    private static bool IsUnder(Uri url, Uri location)
    {
        var folder = Path.GetDirectoryName(location.LocalPath) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(url.LocalPath).StartsWith(folder, StringComparison.Ordinal);
    }

    private static AttackDomain? DomainOf(Uri url)
    {
        var match = BundleFileName().Match(Path.GetFileName(url.AbsolutePath));
        return match.Success && AttackDomains.TryParse(match.Groups[1].Value, out var domain) ? domain : null;
    }

    // A string that cannot be decoded (a lone "\ud800" escape) counts as absent, so its entry is reported, not thrown.
    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String
            && JsonText.TryGetString(p, out var text, out _) ? text : null;

    private static DateTimeOffset? Date(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && p.TryGetDateTimeOffset(out var d) ? d : null;

    private static CollectionIndexResult Fail(StixErrorKind kind, string message, StixLocation at) => new(null, [new StixError(kind, message, at)]);

    [GeneratedRegex(@"^([a-z]+-attack)-[\d.]+\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex BundleFileName();
}
