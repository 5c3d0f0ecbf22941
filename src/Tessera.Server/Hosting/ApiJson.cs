using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;

namespace Tessera.Server.Hosting;

/// <summary>
/// How request bodies are read, for every endpoint at once, so one malformed field is a 400 naming it and never a 500
/// from a handler that met a <c>null</c> its type does not allow:
/// <list type="bullet">
/// <item>enums travel as names ("Analyst", not 1): readable for people and stable if members are reordered;</item>
/// <item>a list never holds <c>null</c> (<c>"runs": [null]</c> is refused, naming where);</item>
/// <item>a list property sent as <c>null</c> counts as not sent: it keeps its default (usually empty);</item>
/// <item>a body that cannot be read gets a problem whose <c>detail</c> says why and where (JSON path and line),
/// instead of a bare 400.</item>
/// </list>
/// </summary>
public static class ApiJson
{
    public static IServiceCollection AddTesseraApiJson(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        // Binding failures throw, so BadRequestProblems can say what was wrong; otherwise the answer is a bare 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblems>();
        return services;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new NoNullElements());
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(NullListIsAbsent);
    }

    // A null list property keeps the default its type gives it. Constructor parameters are not properties set after
    // construction; handlers that take positional records check those lists themselves.
    private static void NullListIsAbsent(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            if (property.Set is not { } set || NoNullElements.ElementType(property.PropertyType) is null)
            {
                continue;
            }

            property.Set = (target, value) =>
            {
                if (value is not null)
                {
                    set(target, value);
                }
            };
        }
    }

    /// <summary>Reads lists (arrays, <c>List</c>, <c>IReadOnlyList</c> … of reference types) refusing <c>null</c> elements; writes them as usual.</summary>
    private sealed class NoNullElements : JsonConverterFactory
    {
        private static readonly HashSet<Type> Lists =
        [
            typeof(List<>), typeof(IList<>), typeof(IReadOnlyList<>), typeof(ICollection<>), typeof(IReadOnlyCollection<>), typeof(IEnumerable<>),
        ];

        private JsonSerializerOptions? _withoutMe;

        public static Type? ElementType(Type type)
        {
            var element = type.IsArray ? type.GetElementType()
                : type.IsGenericType && Lists.Contains(type.GetGenericTypeDefinition()) ? type.GetGenericArguments()[0]
                : null;
            return element is { IsValueType: false } ? element : null;
        }

        public override bool CanConvert(Type typeToConvert) => ElementType(typeToConvert) is not null;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        {
            if (_withoutMe is null)
            {
                var copy = new JsonSerializerOptions(options);
                copy.Converters.Remove(this);
                _withoutMe = copy;
            }

            return (JsonConverter)Activator.CreateInstance(typeof(Converter<,>).MakeGenericType(typeToConvert, ElementType(typeToConvert)!), _withoutMe)!;
        }

        private sealed class Converter<TList, TElement>(JsonSerializerOptions plain) : JsonConverter<TList>
            where TElement : class
        {
            public override TList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new JsonException($"Expected a JSON array, found {reader.TokenType}.");
                }

                var element = (JsonTypeInfo<TElement>)options.GetTypeInfo(typeof(TElement));
                var items = new List<TElement>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(reader.TokenType == JsonTokenType.Null
                        ? throw new JsonException($"Element {items.Count} is null; this list holds values, never null.")
                        : JsonSerializer.Deserialize(ref reader, element)!);
                }

                return typeof(TList).IsArray ? (TList)(object)items.ToArray() : (TList)(object)items;
            }

            public override void Write(Utf8JsonWriter writer, TList value, JsonSerializerOptions options) =>
                JsonSerializer.Serialize(writer, value, plain.GetTypeInfo(typeof(TList)));
        }
    }

    /// <summary>Turns a request that could not be bound (unreadable JSON, a missing or unparsable parameter) into a problem that says why.</summary>
    private sealed class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException bad)
            {
                return false;
            }

            httpContext.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext, Exception = exception,
                ProblemDetails = { Status = bad.StatusCode, Title = "Invalid request", Detail = Detail(bad) },
            });
        }

        private static string Detail(BadHttpRequestException bad) => bad.InnerException switch
        {
            JsonException { Path: { } path } json when !json.Message.Contains("Path:", StringComparison.Ordinal) =>
                $"The body is not valid for this request at {path} (line {json.LineNumber + 1}): {json.Message}",
            JsonException json => $"The body is not valid for this request: {json.Message}",
            _ => bad.Message,
        };
    }
}
