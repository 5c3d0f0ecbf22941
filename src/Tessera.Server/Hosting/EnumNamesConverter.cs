using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Tessera.Core.Text;

namespace Tessera.Server.Hosting;

/// <summary>
/// Enums as their declared names, for request and response bodies alike (<see cref="ApiJson"/>). Reading takes exactly
/// one declared name, in any case: a number (<c>77</c>), a numeric string (<c>"77"</c>) or a comma-joined list
/// (<c>"Medium, High"</c>, which <c>Enum.Parse</c> reads as Critical) is refused with a message listing the names, so
/// no value outside the enum reaches a handler or storage (the rule is <see cref="EnumNames"/>, which query parameters
/// share). <c>[Flags]</c> enums also take comma-joined names.
/// </summary>
public sealed class EnumNamesConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Names<>).MakeGenericType(typeToConvert))!;

    /// <summary>
    /// Puts the names back into the OpenAPI document (a converter of our own hides them from the schema exporter):
    /// a string schema listing them (and null for a nullable enum), and the items of a list of them.
    /// </summary>
    public static Task EnumSchemas(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        if (EnumOf(type) is { } enumType)
        {
            var nullable = enumType != type;
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Enum = [.. Enum.GetNames(enumType).Select(n => (JsonNode)JsonValue.Create(n)), .. nullable ? [null!] : Array.Empty<JsonNode>()];
        }
        else if (schema.Items is null && ElementType(type) is { } element && EnumOf(element) is { } itemType)
        {
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. Enum.GetNames(itemType).Select(n => (JsonNode)JsonValue.Create(n))] };
        }

        return Task.CompletedTask;
    }

    private static Type? EnumOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is { IsEnum: true } e ? e : null;

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericArguments() is [var only] && typeof(IEnumerable<>).MakeGenericType(only).IsAssignableFrom(type) ? only
        : null;

    private sealed class Names<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly bool IsFlags = typeof(T).IsDefined(typeof(FlagsAttribute), false);

        private static readonly string Expected = $"expected one of {EnumNames.List(typeof(T))}";

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"{Expected}, as a string: names, not numbers.");
            }

            return Parse(reader.GetString()!);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString()!);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(value.ToString());

        private static T Parse(string text)
        {
            if (EnumNames.TryParse<T>(text, out var value))
            {
                return value;
            }

            if (IsFlags && text.Split(',', StringSplitOptions.TrimEntries) is { Length: > 1 } parts && parts.All(p => EnumNames.TryParse<T>(p, out _)))
            {
                return (T)Enum.ToObject(typeof(T), parts.Aggregate(0UL, (all, part) =>
                    all | Convert.ToUInt64(Enum.Parse<T>(part, ignoreCase: true), System.Globalization.CultureInfo.InvariantCulture)));
            }

            throw new JsonException($"'{Echo.Clip(text, 40)}' is not a name this field takes; {Expected}.");
        }
    }
}
