using System.Globalization;
using System.Text.Json;
using Tessera.Core.Text;

namespace Tessera.Core.Navigator;

/// <summary>
/// Typed, path-aware access to one JSON object of a layer. Every wrong type, duplicate or unknown property
/// is recorded in the session instead of thrown, so one read reports all problems of a file.
/// </summary>
internal sealed class JsonObjectView
{
    private readonly Dictionary<string, JsonElement> _properties;
    private readonly LayerReadSession _session;

    private JsonObjectView(string path, Dictionary<string, JsonElement> properties, LayerReadSession session)
    {
        Path = path;
        _properties = properties;
        _session = session;
    }

    public string Path { get; }

    /// <summary>Null (with an error recorded) when <paramref name="element"/> is not an object.</summary>
    public static JsonObjectView? Open(JsonElement element, string path, LayerReadSession session, IReadOnlySet<string> known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            session.Error(LayerIssueCode.WrongType, path, $"expected an object, got {Describe(element)}");
            return null;
        }

        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!JsonText.TryGetName(property, out var name, out var error))
            {
                session.Error(LayerIssueCode.InvalidValue, path, $"a property name is {error}");
                continue;
            }

            var at = Child(path, name);
            if (!known.Contains(name))
            {
                // The Navigator ignores properties it does not know; dropping them (loudly) matches what it would show.
                session.Warning(LayerIssueCode.UnknownProperty, at, $"unknown property '{name}' is dropped");
            }
            else if (!properties.TryAdd(name, property.Value))
            {
                // JSON.parse keeps the last duplicate silently; a layer with two "score"s is ambiguous, so refuse it.
                session.Error(LayerIssueCode.DuplicateProperty, at, $"property '{name}' appears more than once");
            }
        }

        return new JsonObjectView(path, properties, session);
    }

    public static string Child(string path, string name) => path.Length == 0 ? name : path + "." + name;

    public static string Index(string path, int index) => $"{path}[{index}]";

    public string At(string name) => Child(Path, name);

    /// <summary>Present and not JSON null.</summary>
    public bool Has(string name) => Get(name) is not null;

    public JsonElement? Get(string name) =>
        _properties.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public string? String(string name, bool required = false)
    {
        if (Get(name) is not { } value)
        {
            MissingIf(required, name);
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return Text(value, At(name));
        }

        WrongType(name, "a string", value);
        return null;
    }

    /// <summary>A version field: a string, or a number (hand-written layers say <c>"attack": 14</c>) accepted with a warning.</summary>
    public string? VersionString(string name)
    {
        if (Get(name) is { ValueKind: JsonValueKind.Number } number)
        {
            var text = number.GetRawText();
            _session.Warning(LayerIssueCode.WrongType, At(name), $"version should be a string; number {text} read as \"{text}\"");
            return text;
        }

        return String(name);
    }

    public bool? Bool(string name, bool required = false)
    {
        if (Get(name) is not { } value)
        {
            MissingIf(required, name);
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        WrongType(name, "true or false", value);
        return null;
    }

    public double? Number(string name, bool required = false)
    {
        if (Get(name) is not { } value)
        {
            MissingIf(required, name);
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }

        WrongType(name, "a number", value);
        return null;
    }

    public JsonElement? Array(string name, bool required = false)
    {
        if (Get(name) is not { } value)
        {
            MissingIf(required, name);
            return null;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            return value;
        }

        WrongType(name, "an array", value);
        return null;
    }

    public JsonObjectView? Object(string name, IReadOnlySet<string> known) =>
        Get(name) is { } value ? Open(value, At(name), _session, known) : null;

    public IReadOnlyList<string>? StringArray(string name, bool required = false)
    {
        if (Array(name, required) is not { } array)
        {
            return null;
        }

        var items = new List<string>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                if (Text(item, Index(At(name), index)) is { } text)
                {
                    items.Add(text);
                }
            }
            else
            {
                _session.Error(LayerIssueCode.WrongType, Index(At(name), index), $"expected a string, got {Describe(item)}");
            }

            index++;
        }

        return items;
    }

    /// <summary>A string that must be one of <paramref name="allowed"/>; anything else is an error.</summary>
    public string? OneOf(string name, IReadOnlyList<string> allowed)
    {
        var value = String(name);
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            _session.Error(LayerIssueCode.InvalidValue, At(name), $"'{value}' is not one of {string.Join(", ", allowed)}");
            return null;
        }

        return value;
    }

    /// <summary>A colour string; <paramref name="allowEmpty"/> accepts "" (a technique's "no colour").</summary>
    public string? Color(string name, bool required = false, bool allowEmpty = false)
    {
        var value = String(name, required);
        if (value is null || (allowEmpty && value.Length == 0) || LayerFormat.IsColor(value))
        {
            return value;
        }

        _session.Error(LayerIssueCode.InvalidColor, At(name), $"'{value}' is not a colour (expected #rrggbb)");
        return null;
    }

    // A string whose escapes cannot be decoded (a lone "\ud800") is an error at its path, not an exception.
    private string? Text(JsonElement value, string at)
    {
        if (JsonText.TryGetString(value, out var text, out var error))
        {
            return text;
        }

        _session.Error(LayerIssueCode.InvalidValue, at, $"the string is {error}");
        return null;
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => JsonText.TryGetString(element, out var text, out _) ? $"string \"{Echo.Clip(text, 40)}\"" : "a string that is not valid text",
        JsonValueKind.Number => $"number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"boolean {element.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => element.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    // Echoing a whole hostile string into an error message would bloat logs and responses.

    private void MissingIf(bool required, string name)
    {
        if (required)
        {
            _session.Error(LayerIssueCode.MissingField, At(name), $"required property '{name}' is missing");
        }
    }

    private void WrongType(string name, string expected, JsonElement value) =>
        _session.Error(LayerIssueCode.WrongType, At(name), $"expected {expected}, got {Describe(value)}");
}
