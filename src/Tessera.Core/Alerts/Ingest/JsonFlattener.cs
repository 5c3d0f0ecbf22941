using System.Text;
using System.Text.Json;

namespace Tessera.Core.Alerts.Ingest;

/// <summary>
/// Flattens a JSON document to dotted keys. Nested objects and literal dotted keys (ECS allows both
/// <c>{"kibana":{"alert":{...}}}</c> and <c>{"kibana.alert.rule.name":...}</c>) end up under the same key,
/// and arrays of objects merge their values per path, so shape detection reads one dictionary.
/// </summary>
internal static class JsonFlattener
{
    // Caps keep a hostile document from costing unbounded memory: real alerts have a few hundred fields.
    internal const int MaxFields = 4096;
    internal const int MaxDepth = 32;
    // One char over the title limit, so the parser can still tell that a title was cut and flag it.
    internal const int MaxValueChars = AlertParser.MaxTitleChars + 1;

    public static Dictionary<string, List<string>> Flatten(JsonElement root)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        Walk(root, "", 0, result);
        return result;
    }

    private static void Walk(JsonElement element, string path, int depth, Dictionary<string, List<string>> into)
    {
        if (depth > MaxDepth || into.Count >= MaxFields)
        {
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name, depth + 1, into);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, path, depth + 1, into);
                }

                break;
            case JsonValueKind.String:
                Add(into, path, element.GetString() ?? "");
                break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                Add(into, path, element.GetRawText());
                break;
        }
    }

    private static void Add(Dictionary<string, List<string>> into, string path, string value)
    {
        if (path.Length == 0)
        {
            return;
        }

        if (!into.TryGetValue(path, out var list))
        {
            list = [];
            into[path] = list;
        }

        list.Add(value.Length > MaxValueChars ? value[..MaxValueChars] : value);
    }

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
