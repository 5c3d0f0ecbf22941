using System.Globalization;
using System.Text;
using Tessera.Core.Detection.Yaml;

namespace Tessera.Core.Detection.Sigma;

/// <summary>
/// Parses one Sigma YAML file (specification 2.x: https://github.com/SigmaHQ/sigma-specification) into
/// detection rules, correlation rules and filters, collecting every error with its line and column.
/// Thread-safe and stateless: one instance can parse many files in parallel.
/// </summary>
/// <remarks>
/// Multi-document files are read the way pySigma's <c>SigmaCollection</c> reads them: a document with
/// <c>action: global</c> is deep-merged into every following document until <c>action: reset</c>;
/// <c>action: repeat</c> merges into the previous document; documents without <c>action</c> (e.g. a
/// correlation rule bundled with its base rules) stand alone. Any error in any document rejects the file.
/// </remarks>
public sealed class SigmaRuleParser(SigmaParserOptions? options = null)
{
    private static readonly HashSet<string> SpecKeys = new(StringComparer.Ordinal)
    {
        "title", "id", "name", "related", "taxonomy", "status", "description", "license", "author", "references",
        "date", "modified", "logsource", "detection", "fields", "falsepositives", "level", "tags", "scope",
        "correlation", "filter", "generate", "action",
    };

    private readonly SigmaParserOptions _options = options ?? SigmaParserOptions.Default;

    /// <summary>
    /// Reads and parses <paramref name="path"/>. Files over <see cref="SigmaParserOptions.MaxFileBytes"/> or
    /// not valid UTF-8 are rejected without parsing. <paramref name="displayPath"/> names the file in results
    /// (defaults to <paramref name="path"/>); <paramref name="relativeFolder"/> is stored on each document.
    /// </summary>
    public async Task<SigmaParseResult> ParseFileAsync(string path, string? displayPath = null, string relativeFolder = "", CancellationToken ct = default)
    {
        var name = displayPath ?? path;
        var (text, error) = await CappedFile.ReadTextAsync(path, name, _options.MaxFileBytes, ct).ConfigureAwait(false);
        return error is not null
            ? new SigmaParseResult { File = name, Errors = [error] }
            : Parse(text!, name, relativeFolder);
    }

    /// <summary>Parses YAML text; never throws for bad content (errors are in the result).</summary>
    public SigmaParseResult Parse(string yaml, string file, string relativeFolder = "")
    {
        if (Encoding.UTF8.GetByteCount(yaml) > _options.MaxFileBytes)
        {
            return new SigmaParseResult { File = file, Errors = [CappedFile.TooLarge(file, _options.MaxFileBytes)] };
        }

        var load = SafeYamlLoader.Load(yaml, file, new YamlLimits { MaxBytes = _options.MaxFileBytes });
        var errors = new List<DetectionIssue>(load.Errors);
        if (load.HasErrors && load.Documents.Count == 0)
        {
            return new SigmaParseResult { File = file, Errors = errors };
        }

        var rules = new List<SigmaRule>();
        var correlations = new List<SigmaCorrelationRule>();
        var filters = new List<SigmaFilterRule>();
        var warnings = new List<DetectionIssue>();
        var reader = new YamlFieldReader(file, errors);
        YMapping? global = null;
        YMapping? previous = null;
        var index = 0;
        foreach (var doc in load.Documents)
        {
            if (doc is YScalar { IsNull: true })
            {
                continue; // empty document, e.g. a trailing '---'
            }

            if (doc is not YMapping map)
            {
                reader.Error(DetectionIssueKind.InvalidValue, "a Sigma document must be a mapping", doc);
                continue;
            }

            var action = reader.String(map, "action");
            YMapping effective;
            switch (action)
            {
                case "global":
                    global = global is null ? map : Merge(global, map);
                    continue;
                case "reset":
                    global = null;
                    continue;
                case "repeat":
                    if (previous is null)
                    {
                        reader.Error(DetectionIssueKind.MultiDocument, "'action: repeat' has no previous document to repeat", map);
                        continue;
                    }

                    effective = Merge(previous, map);
                    break;
                case null:
                    effective = global is null ? map : Merge(global, map);
                    break;
                default:
                    reader.Error(DetectionIssueKind.MultiDocument, $"unknown collection action '{action}' (expected global, reset or repeat)", map);
                    continue;
            }

            previous = effective;
            var docWarnings = new List<DetectionIssue>();
            var context = new DocContext(reader, file, relativeFolder, index++, docWarnings, yaml);
            if (effective.Has("correlation"))
            {
                correlations.Add(ParseCorrelation(effective, context));
            }
            else if (effective.Has("filter"))
            {
                filters.Add(ParseFilter(effective, context));
            }
            else if (effective.Has("detection"))
            {
                rules.Add(ParseRule(effective, context));
            }
            else
            {
                reader.Error(DetectionIssueKind.MissingField,
                    "document has none of 'detection', 'correlation' or 'filter'" + (global is not null ? " (after merging the global document)" : ""), effective);
            }

            warnings.AddRange(docWarnings);
        }

        if (errors.Count == 0 && index == 0)
        {
            errors.Add(new(DetectionIssueKind.MissingField, global is not null
                ? "collection has an 'action: global' document but no rule documents"
                : "file contains no Sigma document", new SourceLocation(file, 1, 1)));
        }

        return errors.Count > 0
            ? new SigmaParseResult { File = file, Errors = errors }
            : new SigmaParseResult { File = file, Rules = rules, Correlations = correlations, Filters = filters, Warnings = warnings };
    }

    private sealed record DocContext(YamlFieldReader Reader, string File, string RelativeFolder, int Index, List<DetectionIssue> Warnings, string Text);

    private SigmaRule ParseRule(YMapping map, DocContext c)
    {
        var logSource = ParseLogSource(map, c.Reader);
        var detection = ParseDetection(c.Reader.Mapping(map, "detection", required: true), c.Reader, map);
        return FillMetadata(new SigmaRule
        {
            Title = "",
            File = c.File,
            LogSource = logSource,
            Detection = detection,
            Fields = c.Reader.StringList(map, "fields"),
        }, map, c);
    }

    private SigmaCorrelationRule ParseCorrelation(YMapping map, DocContext c)
    {
        var body = c.Reader.Mapping(map, "correlation", required: true) ?? new YMapping(map.Line, map.Column);
        return FillMetadata(new SigmaCorrelationRule
        {
            Title = "",
            File = c.File,
            CorrelationType = c.Reader.String(body, "type", required: true) ?? "",
            Rules = c.Reader.StringList(body, "rules"),
            GroupBy = c.Reader.StringList(body, "group-by"),
            Timespan = c.Reader.String(body, "timespan") ?? c.Reader.String(body, "timeframe"),
        }, map, c);
    }

    private SigmaFilterRule ParseFilter(YMapping map, DocContext c)
    {
        var body = c.Reader.Mapping(map, "filter", required: true) ?? new YMapping(map.Line, map.Column);
        var rules = c.Reader.StringList(body, "rules");
        var searches = new YMapping(body.Line, body.Column);
        searches.Entries.AddRange(body.Entries.Where(e => e.Key.Value != "rules"));
        return FillMetadata(new SigmaFilterRule
        {
            Title = "",
            File = c.File,
            LogSource = ParseLogSource(map, c.Reader),
            Rules = rules,
            Detection = ParseDetection(searches, c.Reader, body),
        }, map, c);
    }

    private T FillMetadata<T>(T doc, YMapping map, DocContext c) where T : SigmaDocument
    {
        var r = c.Reader;
        var tags = r.StringList(map, "tags");
        var tagNode = map.Get("tags") as YSequence;
        var located = tags.Select((t, i) => (t, tagNode is not null && i < tagNode.Items.Count
            ? tagNode.Items[i].At(c.File) : map.At(c.File))).ToList();
        if (doc is SigmaRule && map.Get("id") is null)
        {
            // Without an ID the registry can only know the rule by where it was read from.
            c.Warnings.Add(new(DetectionIssueKind.MissingField,
                $"no id: the rule is registered as sigma:{c.File}#{c.Index}, so importing the file from another path adds a second rule; give it a UUID id",
                map.At(c.File), IssueSeverity.Warning));
        }

        return doc with
        {
            Id = ParseGuid(map.Get("id"), r, "id"),
            Title = r.String(map, "title", required: true) ?? "",
            Name = r.String(map, "name"),
            Status = ParseEnum(map, "status", r, SigmaStatus.Unspecified),
            Description = r.String(map, "description"),
            Author = r.String(map, "author"),
            Date = ParseDate(map, "date", r),
            Modified = ParseDate(map, "modified", r),
            References = r.StringList(map, "references"),
            Level = ParseEnum(map, "level", r, SigmaLevel.Unspecified),
            FalsePositives = r.StringList(map, "falsepositives"),
            Tags = SigmaTagClassifier.Classify(located, _options.Attack, r.Errors, c.Warnings),
            Related = ParseRelated(map, r),
            CustomFields = map.Entries.Select(e => e.Key.Value).Where(k => !SpecKeys.Contains(k)).ToList(),
            RelativeFolder = c.RelativeFolder,
            DocumentIndex = c.Index,
            SourceText = c.Text,
            Warnings = c.Warnings.ToList(),
        };
    }

    private static SigmaLogSource ParseLogSource(YMapping map, YamlFieldReader r)
    {
        var node = r.Mapping(map, "logsource", required: true);
        return node is null
            ? new SigmaLogSource()
            : new SigmaLogSource
            {
                Product = r.String(node, "product"),
                Category = r.String(node, "category"),
                Service = r.String(node, "service"),
                Definition = r.String(node, "definition"),
            };
    }

    private static SigmaDetection ParseDetection(YMapping? node, YamlFieldReader r, YMapping owner)
    {
        if (node is null)
        {
            return new SigmaDetection { Searches = [], Conditions = [] };
        }

        var searches = new List<SigmaSearch>();
        IReadOnlyList<string> conditions = [];
        string? timeframe = null;
        foreach (var (key, value) in node.Entries)
        {
            switch (key.Value)
            {
                case "condition":
                    conditions = r.StringList(value, "condition");
                    break;
                case "timeframe":
                    timeframe = r.String(node, "timeframe");
                    break;
                default:
                    searches.Add(ParseSearch(key, value, r));
                    break;
            }
        }

        if (conditions.Count == 0)
        {
            r.Error(DetectionIssueKind.MissingField, "detection has no 'condition'", node);
        }

        var names = searches.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var conditionNode = node.Get("condition") ?? owner;
        foreach (var condition in conditions)
        {
            foreach (var unknown in SigmaConditionChecker.UnknownIdentifiers(condition, names).Distinct())
            {
                r.Error(DetectionIssueKind.UnknownSearchIdentifier, $"condition refers to '{unknown}', which matches no search in detection", conditionNode);
            }
        }

        return new SigmaDetection { Searches = searches, Conditions = conditions, Timeframe = timeframe };
    }

    private static SigmaSearch ParseSearch(YScalar key, YNode value, YamlFieldReader r)
    {
        switch (value)
        {
            case YMapping map:
                return new SigmaSearch { Name = key.Value, Kind = SigmaSearchKind.Map, Groups = [ParseFieldMap(map, r)], Line = key.Line };
            case YSequence seq when seq.Items.Count > 0 && seq.Items.All(i => i is YMapping):
                return new SigmaSearch
                {
                    Name = key.Value,
                    Kind = SigmaSearchKind.ListOfMaps,
                    Groups = seq.Items.Select(i => ParseFieldMap((YMapping)i, r)).ToList(),
                    Line = key.Line,
                };
            case YSequence seq when seq.Items.All(i => i is YScalar):
                return new SigmaSearch { Name = key.Value, Kind = SigmaSearchKind.Keywords, Keywords = seq.Items.Select(i => ((YScalar)i).Text).ToList(), Line = key.Line };
            case YScalar scalar:
                return new SigmaSearch { Name = key.Value, Kind = SigmaSearchKind.Keywords, Keywords = [scalar.Text], Line = key.Line };
            default:
                r.Error(DetectionIssueKind.InvalidValue, $"search '{key.Value}' mixes maps and plain values", value);
                return new SigmaSearch { Name = key.Value, Kind = SigmaSearchKind.Keywords, Line = key.Line };
        }
    }

    private static List<SigmaFieldMatch> ParseFieldMap(YMapping map, YamlFieldReader r)
    {
        var matches = new List<SigmaFieldMatch>(map.Entries.Count);
        foreach (var (key, value) in map.Entries)
        {
            var parts = key.Value.Split('|');
            var modifiers = parts.Length > 1 ? parts[1..] : [];
            foreach (var problem in SigmaModifiers.Validate(modifiers))
            {
                r.Error(DetectionIssueKind.UnknownModifier, $"{problem} in '{key.Value}'", key);
            }

            IReadOnlyList<string?> values;
            switch (value)
            {
                case YScalar s:
                    values = [s.Text];
                    break;
                case YSequence seq when seq.Items.All(i => i is YScalar):
                    values = seq.Items.Select(i => ((YScalar)i).Text).ToList();
                    break;
                default:
                    r.Error(DetectionIssueKind.InvalidValue, $"values of '{key.Value}' must be a scalar or a list of scalars", value);
                    values = [];
                    break;
            }

            matches.Add(new SigmaFieldMatch { Field = parts[0], Modifiers = modifiers, Values = values, Line = key.Line });
        }

        return matches;
    }

    private static IReadOnlyList<SigmaRelatedRule> ParseRelated(YMapping map, YamlFieldReader r)
    {
        var node = map.Get("related");
        if (node is null or YScalar { IsNull: true })
        {
            return [];
        }

        if (node is not YSequence seq)
        {
            r.Error(DetectionIssueKind.InvalidValue, "'related' must be a list of {id, type}", node);
            return [];
        }

        var related = new List<SigmaRelatedRule>(seq.Items.Count);
        foreach (var item in seq.Items)
        {
            if (item is not YMapping entry)
            {
                r.Error(DetectionIssueKind.InvalidValue, "'related' entries must be mappings with id and type", item);
                continue;
            }

            var id = ParseGuid(entry.Get("id"), r, "related id");
            var typeText = r.String(entry, "type", required: true);
            if (typeText is null)
            {
                continue;
            }

            if (!Enum.TryParse<SigmaRelationType>(typeText, ignoreCase: true, out var type) || !typeText.All(char.IsAsciiLetterLower))
            {
                r.Error(DetectionIssueKind.InvalidValue, $"related type '{typeText}' is not one of derived, obsolete, merged, renamed, similar", entry.Get("type")!);
            }
            else if (id is { } guid)
            {
                related.Add(new SigmaRelatedRule(guid, type));
            }
            else
            {
                r.Error(DetectionIssueKind.MissingField, "related entry has no id", entry);
            }
        }

        return related;
    }

    private static Guid? ParseGuid(YNode? node, YamlFieldReader r, string what)
    {
        if (node is null or YScalar { IsNull: true })
        {
            return null;
        }

        if (node is YScalar s && Guid.TryParseExact(s.Value.Trim(), "D", out var guid))
        {
            return guid;
        }

        r.Error(DetectionIssueKind.InvalidValue, $"{what} must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", node);
        return null;
    }

    private static T ParseEnum<T>(YMapping map, string key, YamlFieldReader r, T absent) where T : struct, Enum
    {
        var text = r.String(map, key);
        if (text is null)
        {
            return absent;
        }

        // Lower-case only, as the specification writes them; "Unspecified" is ours, never a file value.
        if (text.All(char.IsAsciiLetterLower) && Enum.TryParse<T>(text, ignoreCase: true, out var value) && !value.Equals(absent))
        {
            return value;
        }

        var allowed = string.Join(", ", Enum.GetNames<T>().Where(n => n != absent.ToString()).Select(n => n.ToLowerInvariant()));
        r.Error(DetectionIssueKind.InvalidValue, $"{key} '{text}' is not one of {allowed}", map.Get(key)!);
        return absent;
    }

    private static DateOnly? ParseDate(YMapping map, string key, YamlFieldReader r)
    {
        var text = r.String(map, key);
        if (text is null)
        {
            return null;
        }

        // The specification requires YYYY-MM-DD; older SigmaHQ rules used YYYY/MM/DD, still accepted by pySigma.
        if (DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "yyyy/MM/dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        r.Error(DetectionIssueKind.InvalidValue, $"{key} '{text}' is not a date (YYYY-MM-DD)", map.Get(key)!);
        return null;
    }

    /// <summary>Deep merge for Sigma collections: mappings merge key by key, anything else is replaced by the override.</summary>
    private static YMapping Merge(YMapping baseMap, YMapping overrides)
    {
        var merged = new YMapping(overrides.Line, overrides.Column);
        foreach (var (key, value) in baseMap.Entries)
        {
            if (key.Value == "action")
            {
                continue;
            }

            var over = overrides.Get(key.Value);
            merged.Entries.Add(new(key, over switch
            {
                null => value,
                YMapping om when value is YMapping bm => Merge(bm, om),
                _ => over,
            }));
        }

        foreach (var entry in overrides.Entries)
        {
            if (entry.Key.Value != "action" && !baseMap.Has(entry.Key.Value))
            {
                merged.Entries.Add(entry);
            }
        }

        return merged;
    }
}
