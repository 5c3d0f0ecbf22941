using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Tessera.Core.Text;

/// <summary>
/// Decodes JSON strings and property names of untrusted input. System.Text.Json checks a string's escapes and UTF-8
/// only when the string is decoded: <c>"\ud800"</c> (a lone surrogate) parses, then <c>GetString</c> and
/// <c>JsonProperty.Name</c> throw <see cref="InvalidOperationException"/>. Readers decode through here and turn the
/// failure into their own error, located by their own line, field or path.
/// </summary>
public static partial class JsonText
{
    /// <summary>The string value of a <see cref="JsonValueKind.String"/> element; false with <paramref name="error"/> when it cannot be decoded.</summary>
    public static bool TryGetString(JsonElement element, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error) =>
        TryDecode(element.GetString, out value, out error);

    /// <summary>The name of <paramref name="property"/>; false with <paramref name="error"/> when it cannot be decoded.</summary>
    public static bool TryGetName(JsonProperty property, [NotNullWhen(true)] out string? name, [NotNullWhen(false)] out string? error) =>
        TryDecode(() => property.Name, out name, out error);

    /// <summary>The current string or property-name token of <paramref name="reader"/>; false with <paramref name="error"/> when it cannot be decoded.</summary>
    public static bool TryGetString(ref Utf8JsonReader reader, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        // A ref struct cannot be captured by the delegate TryDecode takes, so the reader decodes here.
        try
        {
            value = reader.GetString() ?? "";
            error = null;
            return true;
        }
        catch (InvalidOperationException ex) when (ex is not ObjectDisposedException)
        {
            value = null;
            error = Describe(ex);
            return false;
        }
    }

    private static bool TryDecode(Func<string?> decode, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        try
        {
            value = decode() ?? "";
            error = null;
            return true;
        }
        catch (InvalidOperationException ex) when (ex is not ObjectDisposedException)
        {
            value = null;
            error = Describe(ex);
            return false;
        }
    }

    /// <summary>
    /// The reason of a System.Text.Json parse error without its trailing <c>LineNumber: 2 | BytePositionInLine: 4.</c>
    /// (0-based, and relative to what was parsed), so a caller can give the position in its own terms. A binding
    /// error's .NET type names ("could not be converted to Tessera.Core….LibraryEvent", "for type '…' was missing
    /// required properties") are put in the input's terms: they mean nothing to whoever wrote the file.
    /// </summary>
    public static string Reason(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var path = message.IndexOf(" Path:", StringComparison.Ordinal);
        cut = path >= 0 && (cut < 0 || path < cut) ? path : cut;
        var reason = (cut >= 0 ? message[..cut] : message).TrimEnd(' ', '.', '|');
        if (reason.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal))
        {
            // The message names the type being bound (the request, not the field); the converter's own FormatException
            // says which kind of value the field takes, so a date field says it wants a date, not "the wrong type".
            return ExpectedValue(ex.InnerException) ?? "the value has the wrong type, or is not one of the allowed names";
        }

        if (UnknownProperty().Match(reason) is { Success: true } unknown)
        {
            return $"'{unknown.Groups["name"].Value}' is not a field of this object (check its spelling)";
        }

        if (DuplicateProperty().Match(reason) is { Success: true } duplicate)
        {
            return $"'{duplicate.Groups["name"].Value}' is given more than once (names are matched in any case); give each field once";
        }

        var missing = reason.IndexOf("missing required properties including: ", StringComparison.Ordinal);
        if (reason.StartsWith("JSON deserialization for type ", StringComparison.Ordinal) && missing >= 0)
        {
            return "required properties missing: " + reason[(missing + "missing required properties including: ".Length)..];
        }

        return TypeName().Replace(reason, "a value");
    }

    // System.Text.Json's converters throw "The JSON value is not in a supported DateOnly format." for a string they cannot
    // read (2026-02-29, or a time where a day is expected); the serializer wraps it without the field's type.
    private static string? ExpectedValue(Exception? inner) =>
        inner is FormatException && UnsupportedFormat().Match(inner.Message) is { Success: true } format
            ? format.Groups["type"].Value switch
            {
                "DateOnly" => "expected a date, YYYY-MM-DD: a day the calendar has, without a time (such as 2026-01-31)",
                "DateTimeOffset" or "DateTime" => "expected a date and time in ISO 8601, such as 2026-01-31T09:00:00Z (or a date, 2026-01-31)",
                "Guid" => "expected an ID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
                _ => null,
            }
            : null;

    /// <summary>
    /// "at $.path (line L, column C): reason" for an error from binding a whole document: the JSON path and the 1-based
    /// position (line and column of the input, when the serializer knows them), never .NET type names.
    /// </summary>
    public static string Located(JsonException ex)
    {
        var position = ex.LineNumber is { } line
            ? ex.BytePositionInLine is { } column ? $" (line {line + 1}, column {column + 1})" : $" (line {line + 1})"
            : "";
        return $"at {(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path)}{position}: {Reason(ex)}";
    }

    [System.Text.RegularExpressions.GeneratedRegex("""^The JSON property '(?<name>.*)' could not be mapped to any \.NET member contained in type '[^']*'$""", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex UnknownProperty();

    [System.Text.RegularExpressions.GeneratedRegex("""^Duplicate property '(?<name>.*)' encountered during deserialization of type '[^']*'$""", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex DuplicateProperty();

    [System.Text.RegularExpressions.GeneratedRegex(@"^The JSON value is not in a supported (?<type>\w+) format")]
    private static partial System.Text.RegularExpressions.Regex UnsupportedFormat();

    [System.Text.RegularExpressions.GeneratedRegex(@"'?\b(?:System|Tessera|Microsoft)\.[\w.`\[\],]+'?")]
    private static partial System.Text.RegularExpressions.Regex TypeName();

    // "Cannot read incomplete UTF-16 JSON text as string with missing low surrogate." names the problem; no input is quoted.
    private static string Describe(InvalidOperationException ex) =>
        $"not valid text: an unpaired \\uD800-\\uDFFF escape or invalid UTF-8 ({ex.Message.TrimEnd('.', ' ')})";
}
