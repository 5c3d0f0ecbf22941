using System.Text.RegularExpressions;
using Tessera.Core.Attack;

namespace Tessera.Core.Stix;

/// <summary>
/// Validates raw STIX objects, maps them to the ATT&amp;CK model and, once the whole bundle is read,
/// checks cross-references and decides the collection's domain and version. Per-run state only: one
/// assembler per bundle read.
/// </summary>
internal sealed partial class StixCollectionAssembler(string source, StixReadOptions options)
{
    private readonly AttackCollectionBuilder _builder = new();
    private readonly List<StixError> _errors = [];
    private readonly List<StixError> _warnings = [];
    private readonly Dictionary<string, TextPosition> _ids = new(StringComparer.Ordinal);
    private readonly List<(string Owner, string Field, string Ref, TextPosition At)> _refs = [];
    private readonly Dictionary<string, int> _skipped = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _loaded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _techniqueDomains = new(StringComparer.Ordinal);
    private readonly List<string> _matrixDomains = [];
    private int _errorsDropped;
    private int _objectsRead;
    private int _relationships;
    private int _revoked;
    private int _deprecated;
    private DateTimeOffset? _latestModified;
    private RawStixObject? _collectionObject;
    private string? _firstObjectSpecVersion;

    private static readonly HashSet<string> KnownSkippedTypes = new(StringComparer.Ordinal) { "identity", "marking-definition" };

    public void CountRead() => _objectsRead++;

    public void AddError(StixError error)
    {
        if (_errors.Count < options.MaxErrors)
        {
            _errors.Add(error);
        }
        else
        {
            _errorsDropped++;
        }
    }

    /// <summary>
    /// Counts an object already reported as unreadable and remembers its ID, so references to it do not
    /// add a second, misleading "dangling reference" error.
    /// </summary>
    public void Reject(RawStixObject raw)
    {
        _objectsRead++;
        if (!string.IsNullOrEmpty(raw.Id))
        {
            _ids.TryAdd(raw.Id, raw.At);
        }
    }

    public Utf8Interner Interner { get; } = new();

    public void Accept(RawStixObject raw)
    {
        _objectsRead++;
        if (string.IsNullOrEmpty(raw.Type) || string.IsNullOrEmpty(raw.Id))
        {
            var missing = string.IsNullOrEmpty(raw.Type) ? "type" : "id";
            AddError(new StixError(StixErrorKind.MissingField, $"Object has no '{missing}'", raw.At.In(source), raw.Id, missing));
            if (!string.IsNullOrEmpty(raw.Id))
            {
                _ids.TryAdd(raw.Id, raw.At); // already reported: references to it are not dangling too
            }

            return;
        }

        if (!raw.Id.StartsWith(raw.Type, StringComparison.Ordinal) || !raw.Id.AsSpan(raw.Type.Length).StartsWith("--"))
        {
            AddError(new StixError(StixErrorKind.InvalidField, $"STIX id '{raw.Id}' does not start with its type '{raw.Type}--'", raw.At.In(source), raw.Id, "id"));
        }

        if (!_ids.TryAdd(raw.Id, raw.At))
        {
            AddError(new StixError(StixErrorKind.DuplicateId, $"Duplicate STIX id '{raw.Id}' (first defined at {_ids[raw.Id].In(source)})", raw.At.In(source), raw.Id, "id"));
            return;
        }

        _firstObjectSpecVersion ??= raw.SpecVersion;
        if (raw.Modified > _latestModified || _latestModified is null)
        {
            _latestModified = raw.Modified;
        }

        if (raw.Type == "relationship")
        {
            AcceptRelationship(raw);
            return;
        }

        if (raw.Type == "x-mitre-collection")
        {
            _collectionObject = raw;
            Count(_skipped, raw.Type);
            return;
        }

        if (!StixObjectMapper.IsModelled(raw.Type))
        {
            if (Count(_skipped, raw.Type) == 1 && !KnownSkippedTypes.Contains(raw.Type))
            {
                _warnings.Add(new StixError(StixErrorKind.SkippedType, $"Object type '{raw.Type}' is not part of the ATT&CK model; skipped", raw.At.In(source), raw.Id, "type"));
            }

            return;
        }

        var mapped = StixObjectMapper.Map(raw, this);
        if (mapped is null)
        {
            return;
        }

        foreach (var (field, refs) in StixObjectMapper.ReferencesOf(raw))
        {
            foreach (var target in refs)
            {
                AddReference(raw, field, target);
            }
        }

        if (mapped is Technique && raw.Domains is not null)
        {
            foreach (var domain in raw.Domains)
            {
                Count(_techniqueDomains, domain);
            }
        }

        if (mapped is Matrix && !mapped.Revoked && !mapped.Deprecated)
        {
            _matrixDomains.Add(mapped.AttackId);
        }

        _revoked += mapped.Revoked ? 1 : 0;
        _deprecated += mapped.Deprecated ? 1 : 0;
        Count(_loaded, raw.Type);
        _builder.Add(mapped);
    }

    internal void MissingField(RawStixObject raw, string field, string message) =>
        AddError(new StixError(StixErrorKind.MissingField, message, raw.At.In(source), raw.Id, field));

    internal void InvalidField(RawStixObject raw, string field, string message) =>
        AddError(new StixError(StixErrorKind.InvalidField, message, raw.PositionOf(field).In(source), raw.Id, field));

    private void AcceptRelationship(RawStixObject raw)
    {
        var ok = true;
        foreach (var (field, value) in new[] { ("relationship_type", raw.RelationshipType), ("source_ref", raw.SourceRef), ("target_ref", raw.TargetRef) })
        {
            if (string.IsNullOrEmpty(value))
            {
                MissingField(raw, field, $"Relationship has no '{field}'");
                ok = false;
            }
        }

        if (!ok)
        {
            return;
        }

        AddReference(raw, "source_ref", raw.SourceRef!);
        AddReference(raw, "target_ref", raw.TargetRef!);
        _relationships++;
        _builder.Add(new Relationship(raw.Id!, raw.RelationshipType!, raw.SourceRef!, raw.TargetRef!,
            raw.Description ?? "", (IReadOnlyList<ExternalReference>?)raw.ExternalReferences ?? [], raw.Revoked, raw.Deprecated));
    }

    /// <summary>
    /// Remembers a reference for the end-of-bundle check, unless its target is already known: IDs are never
    /// removed, and most references point backwards, so this keeps the pending list small.
    /// </summary>
    private void AddReference(RawStixObject raw, string field, string target)
    {
        if (!_ids.ContainsKey(target))
        {
            _refs.Add((raw.Id!, field, target, raw.PositionOf(field)));
        }
    }

    public StixLoadResult Finish(StixBundleParser parser, long bytes)
    {
        if (!parser.Fatal)
        {
            if (parser.BundleType != "bundle")
            {
                AddError(new StixError(StixErrorKind.NotABundle,
                    parser.BundleType is null ? "The JSON object has no \"type\": \"bundle\"" : $"The JSON object is a '{parser.BundleType}', not a STIX bundle",
                    new StixLocation(source, 1, 1, 0), Field: "type"));
            }
            else if (!parser.SawObjects)
            {
                AddError(new StixError(StixErrorKind.NotABundle, "The bundle has no 'objects' array", new StixLocation(source, 1, 1, 0), Field: "objects"));
            }
        }

        foreach (var (owner, field, target, at) in _refs)
        {
            if (!_ids.ContainsKey(target))
            {
                AddError(new StixError(StixErrorKind.DanglingReference, $"'{field}' refers to '{target}', which is not in the bundle", at.In(source), owner, field));
            }
        }

        var info = _errors.Count == 0 && !parser.Fatal ? ResolveInfo(parser) : null;
        if (_errorsDropped > 0)
        {
            _errors.Add(new StixError(_errors[^1].Kind, $"{_errorsDropped} more errors not listed", new StixLocation(source)));
        }

        var report = new StixLoadReport
        {
            Source = source,
            Bytes = bytes,
            ObjectsRead = _objectsRead,
            ObjectsLoaded = _builder.ObjectCount,
            RelationshipsLoaded = _relationships,
            Skipped = _skipped.Values.Sum(),
            SkippedByType = _skipped,
            Revoked = _revoked,
            Deprecated = _deprecated,
            LoadedByType = _loaded,
        };

        return new StixLoadResult
        {
            Collection = _errors.Count == 0 && info is not null ? _builder.Build(info) : null,
            Errors = _errors,
            Warnings = _warnings,
            Report = report,
        };
    }

    private CollectionInfo? ResolveInfo(StixBundleParser parser)
    {
        var fileName = FileNameOf(source);
        var fileMatch = ReleaseFileName().Match(fileName);

        var version = _collectionObject?.XMitreVersion ?? options.Version ?? (fileMatch.Success ? fileMatch.Groups["version"].Value : null);
        if (version is null || !VersionShape().IsMatch(version))
        {
            AddError(new StixError(StixErrorKind.UnknownCollection, version is null
                ? "Cannot tell the ATT&CK release: the bundle has no x-mitre-collection object, no version was given and the file name is not like 'enterprise-attack-18.1.json'"
                : $"'{version}' is not an ATT&CK release number (expected e.g. 18.1)", new StixLocation(source)));
            return null;
        }

        AttackDomain domain;
        var fromMatrix = _matrixDomains.Select(d => AttackDomains.TryParse(d, out var x) ? (AttackDomain?)x : null).FirstOrDefault(d => d is not null);
        var fromTechniques = _techniqueDomains.OrderByDescending(kv => kv.Value).Select(kv => kv.Key).FirstOrDefault();
        if (fromMatrix is { } m)
        {
            domain = m;
        }
        else if (options.Domain is { } given)
        {
            domain = given;
        }
        else if (!AttackDomains.TryParse(fromTechniques, out domain)
                 && !(fileMatch.Success && AttackDomains.TryParse(fileMatch.Groups["domain"].Value, out domain)))
        {
            AddError(new StixError(StixErrorKind.UnknownCollection,
                "Cannot tell the ATT&CK domain: no matrix, no x_mitre_domains on techniques and no domain given", new StixLocation(source)));
            return null;
        }

        var stixVersion = parser.BundleSpecVersion ?? _collectionObject?.SpecVersion ?? _firstObjectSpecVersion ?? "2.1";
        return new CollectionInfo
        {
            Domain = domain,
            Version = version,
            Name = _collectionObject?.Name ?? DefaultName(domain),
            StixVersion = stixVersion,
            Source = source,
            Modified = _collectionObject?.Modified ?? _latestModified,
        };
    }

    private static string DefaultName(AttackDomain domain) => domain switch
    {
        AttackDomain.Enterprise => "Enterprise ATT&CK",
        AttackDomain.Mobile => "Mobile ATT&CK",
        _ => "ICS ATT&CK",
    };

    private static string FileNameOf(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && !uri.IsFile ? Path.GetFileName(uri.AbsolutePath) : Path.GetFileName(source);

    private static int Count(Dictionary<string, int> counts, string key)
    {
        counts.TryGetValue(key, out var n);
        counts[key] = ++n;
        return n;
    }

    [GeneratedRegex(@"^(?<domain>enterprise|mobile|ics)-attack-(?<version>\d+\.\d+(\.\d+)?)\.json$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseFileName();

    [GeneratedRegex(@"^\d{1,3}(\.\d{1,3}){0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionShape();
}
