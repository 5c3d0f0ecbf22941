using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Tessera.Core.Text;

/// <summary>
/// Decodes JSON strings and property names of untrusted input. System.Text.Json checks a string's escapes and UTF-8
/// only when the string is decoded: <c>"\ud800"</c> (a lone surrogate) parses, then <c>GetString</c> and
/// <c>JsonProperty.Name</c> throw <see cref="InvalidOperationException"/>. Readers decode through here and turn the
/// failure into their own error, located by their own line, field or path.
/// </summary>
public static class JsonText
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
    /// (0-based, and relative to what was parsed), so a caller can give the position in its own terms.
    /// </summary>
    public static string Reason(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var path = message.IndexOf(" Path:", StringComparison.Ordinal);
        cut = path >= 0 && (cut < 0 || path < cut) ? path : cut;
        return (cut >= 0 ? message[..cut] : message).TrimEnd(' ', '.', '|');
    }

    // "Cannot read incomplete UTF-16 JSON text as string with missing low surrogate." names the problem; no input is quoted.
    private static string Describe(InvalidOperationException ex) =>
        $"not valid text: an unpaired \\uD800-\\uDFFF escape or invalid UTF-8 ({ex.Message.TrimEnd('.', ' ')})";
}
