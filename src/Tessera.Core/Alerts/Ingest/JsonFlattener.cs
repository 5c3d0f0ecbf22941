using System.Text;
using System.Text.Json;
using Tessera.Core.Text;

namespace Tessera.Core.Alerts.Ingest;

/// <summary>
/// Flattens a JSON document to dotted keys. Nested objects and literal dotted keys (ECS allows both
/// <c>{"kibana":{"alert":{...}}}</c> and <c>{"kibana.alert.rule.name":...}</c>) end up under the same key,
/// and arrays of objects merge their values per path, so shape detection reads one dictionary.
/// A string or property name that cannot be decoded (a lone surrogate escape) stops the walk and is returned as
/// <see cref="FlattenError"/>: the alert cannot be read faithfully, so it is rejected rather than half-read.
/// </summary>
internal static class JsonFlattener
{
    // Caps keep a hostile document from costing unbounded memory: real alerts have a few hundred fields.
    internal const int MaxFields = 4096;
    internal const int MaxDepth = 32;
    // One char over the title limit, so the parser can still tell that a title was cut and flag it.
    internal const int MaxValueChars = AlertParser.MaxTitleChars + 1;

    /// <summary>
    /// The flattened fields; <paramref name="error"/> is set (and the fields are incomplete) when a string or name
    /// cannot be decoded. <paramref name="cutFrom"/> holds, for each path whose first value was longer than
    /// <see cref="MaxValueChars"/> and cut, that value's length before the cut.
    /// </summary>
    public static Dictionary<string, List<string>> Flatten(JsonElement root, out FlattenError? error, out IReadOnlyDictionary<string, int> cutFrom) =>
        Flatten(root, out error, out cutFrom, out _);

    /// <summary>As above; <paramref name="incomplete"/> says that fields past <see cref="MaxFields"/> or below <see cref="MaxDepth"/> were left out.</summary>
    public static Dictionary<string, List<string>> Flatten(JsonElement root, out FlattenError? error, out IReadOnlyDictionary<string, int> cutFrom, out bool incomplete)
    {
        var walk = new Walker();
        walk.Walk(root, "", 0);
        error = walk.Error;
        cutFrom = walk.CutFrom;
        incomplete = walk.Incomplete;
        return walk.Fields;
    }

    private sealed class Walker
    {
        public Dictionary<string, List<string>> Fields { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, int> CutFrom { get; } = new(StringComparer.OrdinalIgnoreCase);

        public FlattenError? Error { get; private set; }

        public bool Incomplete { get; private set; }

        public void Walk(JsonElement element, string path, int depth)
        {
            if (Error is not null)
            {
                return;
            }

            if (depth > MaxDepth || Fields.Count >= MaxFields)
            {
                Incomplete = true;
                return;
            }

            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (!JsonText.TryGetName(property, out var name, out var nameError))
                        {
                            Error = new FlattenError(path.Length == 0 ? "(a property name)" : path + ".(a property name)", nameError);
                            return;
                        }

                        Walk(property.Value, path.Length == 0 ? name : path + "." + name, depth + 1);
                        if (Error is not null)
                        {
                            return;
                        }
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Walk(item, path, depth + 1);
                        if (Error is not null)
                        {
                            return;
                        }
                    }

                    break;
                case JsonValueKind.String:
                    if (!JsonText.TryGetString(element, out var text, out var textError))
                    {
                        Error = new FlattenError(path.Length == 0 ? "(the document)" : path, textError);
                        return;
                    }

                    Add(path, text);
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    Add(path, element.GetRawText());
                    break;
            }
        }

        private void Add(string path, string value)
        {
            if (path.Length == 0)
            {
                return;
            }

            if (!Fields.TryGetValue(path, out var list))
            {
                list = [];
                Fields[path] = list;
            }

            if (value.Length > MaxValueChars)
            {
                if (list.Count == 0)
                {
                    // The parser reads a path's first value (title, description); a notice quotes its real length.
                    CutFrom[path] = value.Length;
                }

                value = Text.PlainText.Cut(value, MaxValueChars);
            }

            list.Add(value);
        }
    }

    /// <summary>A field whose text could not be decoded: its dotted path and why.</summary>
    internal sealed record FlattenError(string Path, string Message);

    /// <summary>Removes control characters (binary junk, terminal escapes) and trims; text stays otherwise verbatim.</summary>
    public static string Clean(string text)
    {
        var needs = false;
        foreach (var c in text)
        {
            if (char.IsControl(c) || c == '\uFFFD')
            {
                needs = true;
                break;
            }
        }

        if (!needs)
        {
            return text.Trim();
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(char.IsControl(c) || c == '\uFFFD' ? ' ' : c);
        }

        return sb.ToString().Trim();
    }
}
