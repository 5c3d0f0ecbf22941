using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tessera.Core.Attack;

/// <summary>
/// Serialises a <see cref="TechniqueId"/> as its text ("T1059.001"). Without it System.Text.Json walks the
/// struct's properties, and <see cref="TechniqueId.Parent"/> of a parent technique is itself: endless recursion.
/// </summary>
public sealed class TechniqueIdJsonConverter : JsonConverter<TechniqueId>
{
    public override TechniqueId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return TechniqueId.TryParse(text, out var id)
            ? id
            : throw new JsonException($"'{text}' is not an ATT&CK technique ID (expected T1234 or T1234.567)");
    }

    public override void Write(Utf8JsonWriter writer, TechniqueId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
