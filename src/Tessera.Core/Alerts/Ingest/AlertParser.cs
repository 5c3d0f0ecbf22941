using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Runtime.InteropServices;
using Tessera.Core.Attack;
using Tessera.Core.Text;

namespace Tessera.Core.Alerts.Ingest;

/// <summary>
/// Parses one JSON alert (a line of a JSON-lines file or one object) into an <see cref="Alert"/>.
/// Recognised shapes, tried in this order: Suricata EVE (<c>event_type</c> "alert"), Elastic/ECS
/// (<c>kibana.alert.rule.name</c>), Wazuh (<c>rule.description</c> + <c>rule.level</c>), ECS without Kibana
/// (<c>rule.name</c> + <c>event.*</c>), Sigma matches (title/name + <c>attack.*</c> tags), generic
/// (<c>title</c>). Never throws for bad input: the result carries an <see cref="AlertParseError"/>.
/// </summary>
public static class AlertParser
{
    /// <summary>Longest title kept (chars); longer titles are cut and flagged. Real signatures are under 300 chars.</summary>
    public const int MaxTitleChars = 64 * 1024;

    /// <summary>Longest description kept (chars).</summary>
    public const int MaxDescriptionChars = 64 * 1024;

    /// <summary>
    /// Largest alert accepted, as JSON text (chars), whatever carries it: a line of JSON lines (Suricata EVE, Wazuh), an
    /// element of a JSON array, or a body holding one object. A 1 MB title must still parse (and be truncated); 8 MB is
    /// clearly not an alert.
    /// </summary>
    public const int MaxAlertChars = 8 * 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Parses one line. <paramref name="line"/> is 1-based and is quoted in errors.</summary>
    public static AlertParseResult Parse(string text, int line = 1, string? file = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Fail("empty line", line, null, file);
        }

        if (text.Length > MaxAlertChars)
        {
            return TooLarge(text.Length, line, file);
        }

        try
        {
            using var doc = JsonDocument.Parse(text, DocumentOptions);
            return ParseObject(doc.RootElement, line, file);
        }
        catch (JsonException ex)
        {
            return Fail($"not valid JSON (column {(ex.BytePositionInLine ?? 0) + 1}: {JsonText.Reason(ex)})", line, null, file);
        }
    }

    /// <summary>Parses an already-read JSON object (used by readers that need other members, e.g. <c>gold</c>).</summary>
    /// <remarks>The element's JSON text is held to <see cref="MaxAlertChars"/>, as a line is: an array element or a one-object body is an alert too.</remarks>
    public static AlertParseResult Parse(JsonElement root, int line = 1, string? file = null)
    {
        // The raw UTF-8 of the element, counted in chars as a line is (no copy is made).
        var chars = Encoding.UTF8.GetCharCount(JsonMarshal.GetRawUtf8Value(root));
        return chars > MaxAlertChars ? TooLarge(chars, line, file) : ParseObject(root, line, file);
    }

    private static AlertParseResult ParseObject(JsonElement root, int line, string? file)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail($"expected a JSON object, found {root.ValueKind}", line, null, file);
        }

        var flat = JsonFlattener.Flatten(root, out var unreadable, out var cutFrom, out var incomplete);
        if (unreadable is not null)
        {
            return Fail($"field '{unreadable.Path}' is {unreadable.Message}", line, unreadable.Path, file);
        }

        var draft = Detect(flat);
        if (draft is null && root.TryGetProperty("title", out var nullTitle) && nullTitle.ValueKind is JsonValueKind.Null)
        {
            return Fail("title is null: a generic alert needs a title (text)", line, "title", file);
        }

        if (draft is null && incomplete)
        {
            return Fail($"unrecognised alert shape in the fields read: an alert is read up to {JsonFlattener.MaxFields:N0} fields and "
                + $"{JsonFlattener.MaxDepth} levels of nesting, and this one goes beyond, so its title may lie past what was read", line, null, file);
        }

        if (draft is null)
        {
            return Fail("unrecognised alert shape: expected Suricata EVE alert, Wazuh alert, Elastic/ECS alert, "
                + "Sigma match (title + attack.* tags) or generic {\"id\",\"title\",...}", line, null, file);
        }

        var title = JsonFlattener.Clean(draft.Title ?? "");
        if (title.Length == 0)
        {
            return Fail("empty title", line, draft.TitleField, file);
        }

        var notices = new List<string>();
        // The flattener already cut a long value to MaxValueChars; the notice quotes the length that was sent.
        var sent = cutFrom.TryGetValue(draft.TitleField, out var cut) ? cut : title.Length;
        var truncated = title.Length > MaxTitleChars || sent > JsonFlattener.MaxValueChars;
        if (truncated)
        {
            title = PlainText.Cut(title, MaxTitleChars);
            notices.Add($"title truncated from {sent:N0} to {title.Length:N0} chars");
        }

        var description = JsonFlattener.Clean(draft.Description ?? "");
        if (description.Length > MaxDescriptionChars)
        {
            description = PlainText.Cut(description, MaxDescriptionChars);
            notices.Add("description truncated");
        }

        var fields = flat.ToDictionary(kv => kv.Key, kv => string.Join(", ", kv.Value), StringComparer.OrdinalIgnoreCase);
        var alert = new Alert
        {
            Id = JsonFlattener.Clean(draft.Id ?? "") is { Length: > 0 } id ? id : Alert.LineId(line),
            Title = title,
            Description = description,
            // The source names where the alert came from (a generic alert's "source" field): one line of text, like the title.
            Source = JsonFlattener.Clean(draft.Source) is { Length: > 0 } source ? source : "generic",
            Shape = draft.Shape,
            Timestamp = ParseTime(draft.Timestamp),
            Fields = fields,
            VendorHints = draft.Hints,
            TitleTruncated = truncated,
        };
        return new AlertParseResult { Alert = alert, Notices = notices, Line = line };
    }

    private static AlertParseResult TooLarge(int chars, int line, string? file) =>
        Fail($"the alert is {chars:N0} chars; the limit is {MaxAlertChars:N0} chars per alert", line, null, file);

    private static AlertParseResult Fail(string message, int line, string? field, string? file) =>
        new() { Error = new AlertParseError(message, line, field, file), Line = line };

    private sealed record Draft(AlertShape Shape, string Source, string? Title, string TitleField)
    {
        public string? Id { get; init; }
        public string? Description { get; init; }
        public string? Timestamp { get; init; }
        public IReadOnlyList<VendorTechniqueHint> Hints { get; init; } = [];
    }

    private static string? FlowAlertId(string? flow, string? signature) =>
        flow is null ? null : signature is null ? flow : $"{flow}:{signature}";

    private static Draft? Detect(Dictionary<string, List<string>> f)
    {
        if (First(f, "event_type") == "alert" && f.ContainsKey("alert.signature"))
        {
            return new Draft(AlertShape.Suricata, "suricata", First(f, "alert.signature"), "alert.signature")
            {
                // EVE alerts carry no id of their own; every signature that fires on one flow shares its flow_id, so the flow
                // and the signature together name the alert ("1187654321098765:2029027").
                Id = First(f, "id") ?? FlowAlertId(First(f, "flow_id"), First(f, "alert.signature_id")),
                Description = Join(First(f, "alert.category"), First(f, "http.hostname"), First(f, "http.url")),
                Timestamp = First(f, "timestamp"),
                Hints = Hints(f, "alert.metadata.mitre_technique_id", null),
            };
        }

        if (f.ContainsKey("kibana.alert.rule.name"))
        {
            return Elastic(f, "kibana.alert.rule.name");
        }

        if (f.ContainsKey("rule.description") && f.ContainsKey("rule.level"))
        {
            return new Draft(AlertShape.Wazuh, "wazuh", First(f, "rule.description"), "rule.description")
            {
                Id = First(f, "id"),
                Description = Join(string.Join(", ", All(f, "rule.groups")), First(f, "full_log")),
                Timestamp = First(f, "timestamp"),
                Hints = Hints(f, "rule.mitre.id", "rule.mitre.technique"),
            };
        }

        if (f.ContainsKey("rule.name") && f.Keys.Any(k => k.StartsWith("event.", StringComparison.OrdinalIgnoreCase)))
        {
            return Elastic(f, "rule.name");
        }

        var sigmaTitleField = new[] { "title", "name", "rule.title", "sigma.title" }.FirstOrDefault(f.ContainsKey);
        var tags = new[] { "tags", "rule.tags", "sigma.tags" }.SelectMany(k => All(f, k)).ToList();
        if (sigmaTitleField is not null && tags.Any(t => t.StartsWith("attack.", StringComparison.OrdinalIgnoreCase)))
        {
            var prefix = sigmaTitleField.Contains('.') ? sigmaTitleField[..sigmaTitleField.IndexOf('.')] + "." : "";
            return new Draft(AlertShape.Sigma, "sigma", First(f, sigmaTitleField), sigmaTitleField)
            {
                Id = First(f, prefix + "id") ?? First(f, "id"),
                Description = First(f, prefix + "description"),
                Timestamp = First(f, "timestamp") ?? First(f, "@timestamp") ?? First(f, "event.timestamp"),
                Hints = tags
                    .Where(t => t.StartsWith("attack.t", StringComparison.OrdinalIgnoreCase))
                    .Select(t => t[7..].ToUpperInvariant())
                    .Where(t => TechniqueId.TryParse(t, out _))
                    .Distinct()
                    .Select(t => new VendorTechniqueHint(t, "tags"))
                    .ToList(),
            };
        }

        if (f.ContainsKey("title"))
        {
            return new Draft(AlertShape.Generic, First(f, "source") ?? "generic", First(f, "title"), "title")
            {
                Id = First(f, "id"),
                Description = First(f, "description"),
                Timestamp = First(f, "timestamp") ?? First(f, "@timestamp"),
                // IDs as strings ("techniques": ["T1059"]), as objects ("techniques": [{"id": "T1059.001"}]) or in ECS threat
                // fields: objects flatten to ".id" paths, which were not read and their hints dropped silently.
                Hints = Hints(f, "techniques", null)
                    .Concat(Hints(f, "techniques.id", "techniques.name"))
                    .Concat(ThreatHints(f))
                    .DistinctBy(h => h.TechniqueId)
                    .ToList(),
            };
        }

        return null;
    }

    // ECS threat fields (https://www.elastic.co/guide/en/ecs/current/ecs-threat.html): technique and sub-technique IDs, as
    // nested objects or dotted keys (both flatten to the same paths), plain or under Kibana's detection rule.
    private static IEnumerable<VendorTechniqueHint> ThreatHints(Dictionary<string, List<string>> f) =>
        Hints(f, "threat.technique.id", "threat.technique.name")
            .Concat(Hints(f, "threat.technique.subtechnique.id", "threat.technique.subtechnique.name"))
            .Concat(Hints(f, "kibana.alert.rule.threat.technique.id", "kibana.alert.rule.threat.technique.name"))
            .Concat(Hints(f, "kibana.alert.rule.threat.technique.subtechnique.id", "kibana.alert.rule.threat.technique.subtechnique.name"));

    private static Draft Elastic(Dictionary<string, List<string>> f, string titleField)
    {
        var hints = ThreatHints(f).DistinctBy(h => h.TechniqueId).ToList();
        return new Draft(AlertShape.Elastic, "elastic", First(f, titleField), titleField)
        {
            Id = First(f, "kibana.alert.uuid") ?? First(f, "_id") ?? First(f, "id") ?? First(f, "event.id"),
            Description = Join(First(f, "kibana.alert.reason") ?? First(f, "message"), First(f, "process.command_line")),
            Timestamp = First(f, "@timestamp") ?? First(f, "timestamp"),
            Hints = hints,
        };
    }

    private static IReadOnlyList<VendorTechniqueHint> Hints(Dictionary<string, List<string>> f, string idField, string? nameField)
    {
        var ids = All(f, idField);
        var names = nameField is null ? [] : All(f, nameField);
        var hints = new List<VendorTechniqueHint>();
        for (var i = 0; i < ids.Count; i++)
        {
            // Malformed IDs are dropped here: a hint must be a well-formed technique ID to rank at all.
            if (TechniqueId.TryParse(ids[i], out var id) && hints.All(h => h.TechniqueId != id.Value))
            {
                hints.Add(new VendorTechniqueHint(id.Value, idField, names.Count == ids.Count ? names[i] : null));
            }
        }

        return hints;
    }

    private static IReadOnlyList<string> All(Dictionary<string, List<string>> f, string key) =>
        f.TryGetValue(key, out var v) ? v : [];

    private static string? First(Dictionary<string, List<string>> f, string key) =>
        f.TryGetValue(key, out var v) && v.Count > 0 && v[0].Length > 0 ? v[0] : null;

    private static string Join(params string?[] parts) => string.Join(" ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    private static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
