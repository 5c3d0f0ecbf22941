using System.Globalization;
using System.Text;
using System.Text.Json;
using Tessera.Core.Attack;

namespace Tessera.Core.Navigator;

/// <summary>
/// Reads ATT&amp;CK Navigator layer files (a layer object or an array of layers), validates them against the
/// 4.5 format and upgrades 2.x, 3.0 and 4.0–4.4 layers to 4.5, listing each change. Never throws for bad
/// input: problems come back as <see cref="LayerIssue"/>s that name their JSON path.
/// </summary>
public static class LayerReader
{
    /// <summary>
    /// The Atomic Red Team layer (every technique, one link each) is 69 KB; a full Enterprise matrix with an
    /// entry per technique and tactic (about 1,500) carrying a few KB of metadata each stays under 8 MB.
    /// 16 MB leaves headroom while bounding the memory an upload can claim.
    /// </summary>
    public const int MaxLayerBytes = 16 << 20;

    // Layers nest about six levels (array, layer, techniques, technique, metadata, item); 32 rejects hostile nesting early.
    private const int MaxDepth = 32;

    private static readonly HashSet<string> LayerProperties =
    [
        "name", "versions", "domain", "description", "customDataURL", "filters", "sorting", "layout", "hideDisabled",
        "techniques", "gradient", "legendItems", "showTacticRowBackground", "tacticRowBackground",
        "selectTechniquesAcrossTactics", "selectSubtechniquesWithParent", "selectVisibleTechniques", "metadata", "links",
        // Legacy (2.x/3.0) properties, read only to be upgraded.
        "version", "viewMode",
    ];

    private static readonly HashSet<string> VersionProperties = ["attack", "navigator", "layer"];
    private static readonly HashSet<string> FilterProperties = ["platforms", "stages"];
    private static readonly HashSet<string> LayoutProperties =
        ["layout", "showID", "showName", "showAggregateScores", "countUnscored", "aggregateFunction", "expandedSubtechniques"];
    private static readonly HashSet<string> TechniqueProperties =
        ["techniqueID", "tactic", "comment", "enabled", "score", "color", "metadata", "links", "showSubtechniques"];
    private static readonly HashSet<string> GradientProperties = ["colors", "minValue", "maxValue"];
    private static readonly HashSet<string> LegendProperties = ["label", "color"];
    private static readonly HashSet<string> MetadataProperties = ["name", "value", "divider"];
    private static readonly HashSet<string> LinkProperties = ["label", "url", "divider"];

    /// <summary>Reads a layer from JSON text.</summary>
    public static LayerReadResult Read(string json) =>
        Encoding.UTF8.GetMaxByteCount(json.Length) > MaxLayerBytes && Encoding.UTF8.GetByteCount(json) > MaxLayerBytes
            ? TooLarge()
            : Read(Encoding.UTF8.GetBytes(json));

    /// <summary>Reads a layer from UTF-8 bytes (a leading byte order mark is skipped).</summary>
    public static LayerReadResult Read(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.Length > MaxLayerBytes)
        {
            return TooLarge();
        }

        if (utf8.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            var issue = new LayerIssue(LayerIssueSeverity.Error, LayerIssueCode.InvalidJson, ex.Path ?? "", Tessera.Core.Text.JsonText.Reason(ex))
            {
                Line = ex.LineNumber + 1,
            };
            return Failed([issue], null);
        }

        using (document)
        {
            return ReadRoot(document.RootElement);
        }
    }

    /// <summary>Reads at most <see cref="MaxLayerBytes"/> from <paramref name="stream"/>; a longer stream is rejected unread.</summary>
    public static async Task<LayerReadResult> ReadAsync(Stream stream, CancellationToken ct)
    {
        if (stream.CanSeek && stream.Length - stream.Position > MaxLayerBytes)
        {
            return TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxLayerBytes)
            {
                return TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return Read(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>Reads a layer file; throws only for I/O failures (missing file, no access).</summary>
    public static async Task<LayerReadResult> ReadFileAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return await ReadAsync(stream, ct).ConfigureAwait(false);
    }

    private static LayerReadResult TooLarge() => Failed(
        [new LayerIssue(LayerIssueSeverity.Error, LayerIssueCode.TooLarge, "", $"layer file exceeds {MaxLayerBytes >> 20} MB")],
        null);

    private static LayerReadResult Failed(IReadOnlyList<LayerIssue> issues, string? sourceVersion) =>
        new() { Layers = [], Issues = issues, Upgrades = [], SourceVersion = sourceVersion };

    private static LayerReadResult ReadRoot(JsonElement root)
    {
        var session = new LayerReadSession();
        var layers = new List<Layer>();
        string? sourceVersion = null;
        if (root.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                AddLayer(element, JsonObjectView.Index("", index++));
            }

            if (index == 0)
            {
                session.Error(LayerIssueCode.MissingField, "", "the file holds an empty array of layers");
            }
        }
        else
        {
            AddLayer(root, "");
        }

        return session.ErrorCount > 0
            ? Failed(session.Issues, sourceVersion)
            : new LayerReadResult { Layers = layers, Issues = session.Issues, Upgrades = session.Upgrades, SourceVersion = sourceVersion };

        void AddLayer(JsonElement element, string path)
        {
            var layer = ReadLayer(element, path, session, out var declared);
            sourceVersion ??= declared;
            if (layer is not null)
            {
                layers.Add(layer);
            }
        }
    }

    private static Layer? ReadLayer(JsonElement element, string path, LayerReadSession session, out string? declaredVersion)
    {
        declaredVersion = null;
        if (JsonObjectView.Open(element, path, session, LayerProperties) is not { } o)
        {
            return null;
        }

        var errorsBefore = session.ErrorCount;
        var name = o.String("name", required: true);
        var versions = ReadVersions(o, session, out declaredVersion);
        var domain = ReadDomain(o, session);
        var sorting = o.Number("sorting");
        if (sorting is { } s && (s != Math.Floor(s) || s is < 0 or > 3))
        {
            session.Error(LayerIssueCode.InvalidValue, o.At("sorting"), $"sorting must be 0, 1, 2 or 3, got {s.ToString(CultureInfo.InvariantCulture)}");
        }

        var layer = new Layer
        {
            Name = name ?? "",
            Versions = versions,
            Domain = domain ?? "",
            Description = o.String("description"),
            CustomDataUrl = o.String("customDataURL"),
            Filters = ReadFilters(o, session),
            Sorting = sorting is { } sort ? (int)sort : null,
            Layout = ReadLayout(o, session),
            HideDisabled = o.Bool("hideDisabled"),
            Techniques = ReadTechniques(o, session),
            Gradient = ReadGradient(o, session),
            LegendItems = ReadList(o, "legendItems", session, (e, p) =>
                JsonObjectView.Open(e, p, session, LegendProperties) is { } item
                    ? new LayerLegendItem(item.String("label", required: true) ?? "", item.Color("color", required: true) ?? "")
                    : null),
            ShowTacticRowBackground = o.Bool("showTacticRowBackground"),
            TacticRowBackground = o.Color("tacticRowBackground"),
            SelectTechniquesAcrossTactics = o.Bool("selectTechniquesAcrossTactics"),
            SelectSubtechniquesWithParent = o.Bool("selectSubtechniquesWithParent"),
            SelectVisibleTechniques = o.Bool("selectVisibleTechniques"),
            Metadata = ReadMetadata(o, session),
            Links = ReadLinks(o, session),
        };

        return session.ErrorCount == errorsBefore ? layer : null;
    }

    private static LayerVersions ReadVersions(JsonObjectView o, LayerReadSession session, out string? declared)
    {
        string? attack = null;
        string? navigator = null;
        declared = null;
        var versionsObject = o.Object("versions", VersionProperties);
        if (versionsObject is not null)
        {
            declared = versionsObject.VersionString("layer");
            attack = versionsObject.VersionString("attack");
            navigator = versionsObject.VersionString("navigator");
            if (o.Has("version"))
            {
                session.Upgrade(o.At("version"), "legacy 'version' dropped: 'versions' is present");
            }
        }
        else if (o.Has("version"))
        {
            declared = o.VersionString("version");
            session.Upgrade(o.At("version"), $"'version' \"{declared}\" replaced by 'versions' {{ layer: \"{LayerFormat.LayerVersion}\" }}");
        }

        var at = versionsObject?.At("layer") ?? o.At("versions");
        switch (ParseVersion(declared))
        {
            case null when declared is null:
                session.Warning(LayerIssueCode.UnsupportedVersion, at, $"no layer format version; read as {LayerFormat.LayerVersion}");
                session.Upgrade(at, $"layer format set to {LayerFormat.LayerVersion}");
                break;
            case null:
            case { Major: < 2 }:
                session.Error(LayerIssueCode.UnsupportedVersion, at, $"layer format '{declared}' is not supported (2.x, 3.x and 4.0–4.5 are)");
                break;
            case { Major: 4, Minor: 5 }:
                break;
            case { Major: > 4 } or { Major: 4, Minor: > 5 }:
                session.Warning(LayerIssueCode.UnsupportedVersion, at, $"layer format {declared} is newer than {LayerFormat.LayerVersion}; properties Tessera does not know are dropped");
                session.Upgrade(at, $"layer format {declared} written as {LayerFormat.LayerVersion}");
                break;
            default:
                session.Upgrade(at, $"layer format {declared} upgraded to {LayerFormat.LayerVersion}");
                break;
        }

        if (ParseVersion(navigator) is not { } navigatorVersion || navigatorVersion < ParseVersion(LayerFormat.MinimumNavigatorVersion))
        {
            session.Upgrade(versionsObject?.At("navigator") ?? o.At("versions"),
                $"navigator version '{navigator ?? "(none)"}' set to {LayerFormat.MinimumNavigatorVersion}, the minimum for layer {LayerFormat.LayerVersion}");
            navigator = LayerFormat.MinimumNavigatorVersion;
        }

        return new LayerVersions { Attack = attack, Navigator = navigator ?? LayerFormat.MinimumNavigatorVersion };
    }

    private static Version? ParseVersion(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim();
        return Version.TryParse(trimmed.Contains('.', StringComparison.Ordinal) ? trimmed : trimmed + ".0", out var version) ? version : null;
    }

    private static string? ReadDomain(JsonObjectView o, LayerReadSession session)
    {
        var domain = o.String("domain", required: true);
        // Layers before 4.0 named the domains after the old STIX collections.
        var upgraded = domain switch
        {
            "mitre-enterprise" => "enterprise-attack",
            "mitre-mobile" => "mobile-attack",
            _ => domain,
        };
        if (upgraded != domain)
        {
            session.Upgrade(o.At("domain"), $"domain \"{domain}\" renamed to \"{upgraded}\"");
        }

        if (upgraded is not null && !LayerFormat.Domains.Contains(upgraded, StringComparer.Ordinal))
        {
            session.Error(LayerIssueCode.UnknownDomain, o.At("domain"), $"unknown domain '{upgraded}' (expected {string.Join(", ", LayerFormat.Domains)})");
            return null;
        }

        return upgraded;
    }

    private static LayerFilters? ReadFilters(JsonObjectView o, LayerReadSession session)
    {
        if (o.Object("filters", FilterProperties) is not { } filters)
        {
            return null;
        }

        if (filters.Has("stages"))
        {
            session.Upgrade(filters.At("stages"), "'stages' filter dropped: PRE-ATT&CK stages were removed in layer format 4.0");
        }

        return new LayerFilters { Platforms = filters.StringArray("platforms") };
    }

    private static LayerLayout? ReadLayout(JsonObjectView o, LayerReadSession session)
    {
        if (o.Object("layout", LayoutProperties) is { } layout)
        {
            if (o.Has("viewMode"))
            {
                session.Upgrade(o.At("viewMode"), "legacy 'viewMode' dropped: 'layout' is present");
            }

            return new LayerLayout
            {
                Layout = layout.OneOf("layout", LayerFormat.Layouts),
                ShowId = layout.Bool("showID"),
                ShowName = layout.Bool("showName"),
                ShowAggregateScores = layout.Bool("showAggregateScores"),
                CountUnscored = layout.Bool("countUnscored"),
                AggregateFunction = layout.OneOf("aggregateFunction", LayerFormat.AggregateFunctions),
                ExpandedSubtechniques = layout.OneOf("expandedSubtechniques", LayerFormat.ExpandedSubtechniqueModes),
            };
        }

        if (o.Number("viewMode") is not { } viewMode)
        {
            return null;
        }

        // Layers before 4.0 had viewMode 0 (full), 1 (compact: no names) and 2 (mini); 4.0 replaced it with 'layout'.
        var upgraded = viewMode switch
        {
            1 => new LayerLayout { Layout = "side", ShowName = false, ShowId = true },
            2 => new LayerLayout { Layout = "mini" },
            _ => new LayerLayout { Layout = "side" },
        };
        session.Upgrade(o.At("viewMode"), $"viewMode {viewMode.ToString(CultureInfo.InvariantCulture)} replaced by layout \"{upgraded.Layout}\"");
        return upgraded;
    }

    private static IReadOnlyList<LayerTechnique> ReadTechniques(JsonObjectView o, LayerReadSession session)
    {
        var seen = new HashSet<(string, string?)>();
        return ReadList(o, "techniques", session, (element, path) =>
        {
            if (JsonObjectView.Open(element, path, session, TechniqueProperties) is not { } t)
            {
                return null;
            }

            var raw = t.String("techniqueID", required: true);
            TechniqueId id = default;
            if (raw is not null && !TechniqueId.TryParse(raw, out id))
            {
                session.Error(LayerIssueCode.InvalidTechniqueId, t.At("techniqueID"), $"'{raw}' is not a technique ID (expected T1234 or T1234.567)");
            }
            else if (raw is not null && raw != id.Value)
            {
                session.Warning(LayerIssueCode.InvalidTechniqueId, t.At("techniqueID"), $"'{raw}' normalised to '{id.Value}'");
            }

            var tactic = t.String("tactic");
            if (raw is not null && id.Value is not null && !seen.Add((id.Value, tactic)))
            {
                // Kept, not merged: the Navigator would apply both, and dropping one would lose data silently.
                session.Warning(LayerIssueCode.DuplicateTechnique, t.At("techniqueID"),
                    $"{id.Value}{(tactic is null ? "" : " in " + tactic)} appears more than once");
            }

            return new LayerTechnique
            {
                TechniqueId = id,
                Tactic = tactic,
                Comment = t.String("comment"),
                Enabled = t.Bool("enabled"),
                Score = t.Number("score"),
                Color = t.Color("color", allowEmpty: true),
                Metadata = ReadMetadata(t, session),
                Links = ReadLinks(t, session),
                ShowSubtechniques = t.Bool("showSubtechniques"),
            };
        });
    }

    private static LayerGradient? ReadGradient(JsonObjectView o, LayerReadSession session)
    {
        if (o.Object("gradient", GradientProperties) is not { } g)
        {
            return null;
        }

        var colors = g.StringArray("colors", required: true) ?? [];
        for (var i = 0; i < colors.Count; i++)
        {
            if (!LayerFormat.IsColor(colors[i]))
            {
                session.Error(LayerIssueCode.InvalidColor, JsonObjectView.Index(g.At("colors"), i), $"'{colors[i]}' is not a colour (expected #rrggbb)");
            }
        }

        if (g.Has("colors") && colors.Count < 2)
        {
            session.Error(LayerIssueCode.InvalidValue, g.At("colors"), "a gradient needs at least two colours");
        }

        var min = g.Number("minValue", required: true);
        var max = g.Number("maxValue", required: true);
        if (min is not null && max is not null && max <= min)
        {
            session.Error(LayerIssueCode.InvalidValue, g.At("maxValue"), "maxValue must be greater than minValue");
        }

        return new LayerGradient { Colors = colors, MinValue = min ?? 0, MaxValue = max ?? 0 };
    }

    private static IReadOnlyList<ILayerMetadataItem> ReadMetadata(JsonObjectView o, LayerReadSession session) =>
        ReadList<ILayerMetadataItem>(o, "metadata", session, (element, path) =>
            JsonObjectView.Open(element, path, session, MetadataProperties) is not { } m ? null
            : m.Has("divider") ? new LayerDivider(m.Bool("divider", required: true) ?? true)
            : new LayerMetadata(m.String("name", required: true) ?? "", m.String("value", required: true) ?? ""));

    private static IReadOnlyList<ILayerLinkItem> ReadLinks(JsonObjectView o, LayerReadSession session) =>
        ReadList<ILayerLinkItem>(o, "links", session, (element, path) =>
        {
            if (JsonObjectView.Open(element, path, session, LinkProperties) is not { } l)
            {
                return null;
            }

            if (l.Has("divider"))
            {
                return new LayerDivider(l.Bool("divider", required: true) ?? true);
            }

            var label = l.String("label", required: true);
            var url = l.String("url", required: true);
            // Links open in the analyst's browser: only web URLs, so a layer cannot smuggle javascript: or file: links.
            if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            {
                session.Error(LayerIssueCode.InvalidValue, l.At("url"), $"'{url}' is not an absolute http(s) URL");
            }

            return new LayerLink(label ?? "", url ?? "");
        });

    private static IReadOnlyList<T> ReadList<T>(JsonObjectView o, string name, LayerReadSession session, Func<JsonElement, string, T?> read)
        where T : class
    {
        if (o.Array(name) is not { } array)
        {
            return [];
        }

        var items = new List<T>(array.GetArrayLength());
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            if (read(element, JsonObjectView.Index(o.At(name), index++)) is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }
}
