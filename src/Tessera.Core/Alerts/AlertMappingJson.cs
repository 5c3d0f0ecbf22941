using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tessera.Core.Alerts;

/// <summary>
/// The CLI/REST wire format of <see cref="AlertMapping"/>: camelCase, enums as camelCase strings, nulls omitted,
/// e.g. <c>{"id":"…","techniques":[{"id":"T1190","name":"…","tactics":["initial-access"],"confidence":0.83,"origin":"model","why":[…]}],"parts":{…},"summary":"…"}</c>
/// (<c>sameAs</c> only for IDs newer than the loaded release).
/// HTML-sensitive characters from alert text are escaped, so output is safe to embed.
/// </summary>
public static class AlertMappingJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        Encoder = JavaScriptEncoder.Default,
    };

    /// <summary>One mapping as a single JSON line.</summary>
    public static string Serialize(AlertMapping mapping) => JsonSerializer.Serialize(mapping, Options);

    /// <summary>Reads a mapping back (round-trip for clients and tests); throws <see cref="JsonException"/> on malformed input.</summary>
    public static AlertMapping? Deserialize(string json) => JsonSerializer.Deserialize<AlertMapping>(json, Options);
}
