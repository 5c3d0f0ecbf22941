using System.Text.Json;
using Tessera.Core.Text;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Routing;

namespace Tessera.Server.Hosting;

/// <summary>
/// How request bodies are read, for every endpoint at once, so one malformed field is a 400 naming it and never a 500
/// from a handler that met a <c>null</c> its type does not allow:
/// <list type="bullet">
/// <item>enums travel as names ("Analyst", not 1): readable for people and stable if members are reordered; a number
/// (<c>77</c> or <c>"77"</c>) or a name the enum lacks is refused, naming the field and the names it takes;</item>
/// <item>a list never holds <c>null</c> (<c>"runs": [null]</c> is refused, naming the list and the element);</item>
/// <item>a list property sent as <c>null</c> counts as not sent: it keeps its default (usually empty);</item>
/// <item>a field the request does not have (<c>"sevrity"</c>) or a field sent twice is refused, naming it: read
/// leniently, a misspelt field of a settings <c>PUT</c> silently put that setting back to its default, and of two
/// copies of a field the last one won unseen;</item>
/// <item>a body that cannot be read gets a problem whose <c>detail</c> says why and where (JSON path and line),
/// instead of a bare 400.</item>
/// </list>
/// </summary>
public static partial class ApiJson
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
        // Names as declared, read case-insensitively. Not JsonStringEnumConverter: even with integers disallowed it reads
        // "Medium, High" as Medium | High (Critical), and without that, 77. The names reach the OpenAPI document
        // through EnumSchemas.
        options.Converters.Add(new EnumNamesConverter());
        options.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        // A type-info modifier, not a converter: a converter would hide the lists' shape from the OpenAPI document.
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(NoNullLists);
    }

    private static readonly HashSet<Type> ListTypes =
    [
        typeof(List<>), typeof(IList<>), typeof(IReadOnlyList<>), typeof(ICollection<>), typeof(IReadOnlyCollection<>), typeof(IEnumerable<>),
    ];

    // Arrays, List, IReadOnlyList … of a reference type; null for anything else.
    private static Type? ElementType(Type type)
    {
        var element = type.IsArray ? type.GetElementType()
            : type.IsGenericType && ListTypes.Contains(type.GetGenericTypeDefinition()) ? type.GetGenericArguments()[0]
            : null;
        return element is { IsValueType: false } ? element : null;
    }

    // For each object with list properties: a null list sent for a settable property keeps the default its type gives
    // it (constructor parameters, in positional records, get the null and their handlers check it); once read, any
    // null element is refused, naming the property (the error's path names the object holding it).
    private static void NoNullLists(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var lists = type.Properties.Where(p => p.Get is not null && ElementType(p.PropertyType) is not null).ToList();
        if (lists.Count == 0)
        {
            return;
        }

        foreach (var property in lists)
        {
            if (property.Set is { } set)
            {
                property.Set = (target, value) =>
                {
                    if (value is not null)
                    {
                        set(target, value);
                    }
                };
            }
        }

        var previous = type.OnDeserialized;
        type.OnDeserialized = target =>
        {
            previous?.Invoke(target);
            foreach (var property in lists)
            {
                if (property.Get!(target) is not System.Collections.IEnumerable items)
                {
                    continue;
                }

                var index = 0;
                foreach (var item in items)
                {
                    if (item is null)
                    {
                        throw new JsonException($"'{property.Name}' holds null at element {index}: a list holds values, never null.");
                    }

                    index++;
                }
            }
        };
    }

    /// <summary>Turns a request that could not be bound (unreadable JSON, a missing or unparsable parameter) into a problem that says why.</summary>
    private sealed partial class BadRequestProblems : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is Infrastructure.Storage.UnstorableTextException text)
            {
                await Api.Problems.Status(StatusCodes.Status400BadRequest, "Invalid text", text.Message).ExecuteAsync(httpContext);
                return true;
            }

            if (exception is not BadHttpRequestException bad)
            {
                return false;
            }

            // Written by Api.Problems, like every other problem the API answers.
            await Api.Problems.Status(bad.StatusCode, "Invalid request", Detail(bad)).ExecuteAsync(httpContext);
            return true;
        }

        // JsonText.Located, as the library import uses: the JSON path and 1-based position, never a .NET type name or the
        // serializer's 0-based "LineNumber: 0 | BytePositionInLine: 12" (a binding error used to name ManualRuleInput).
        // The framework's own binding messages name C# types ("Failed to bind parameter "Nullable<DateTimeOffset> since"
        // from "x"", "Implicit body inferred … Did you mean to use a Service instead?"): they are said in the API's words.
        public static string Detail(BadHttpRequestException bad) => bad.InnerException switch
        {
            JsonException json => $"The body is not valid for this request {JsonText.Located(json)}",
            _ => Reworded(bad.Message),
        };

        public static string Reworded(string message)
        {
            if (BindingFailed().Match(message) is { Success: true } failed)
            {
                return $"Parameter '{failed.Groups["name"].Value}' cannot be '{failed.Groups["value"].Value}': it takes {Expected(failed.Groups["type"].Value)}.";
            }

            if (NotProvided().Match(message) is { Success: true } missing)
            {
                return missing.Groups["source"].Value == "body"
                    ? "This request needs a JSON body; none was sent."
                    : $"Parameter '{missing.Groups["name"].Value}' is required ({missing.Groups["source"].Value}).";
            }

            if (ImplicitBodyMissing().IsMatch(message))
            {
                return "This request needs a JSON body; none was sent.";
            }

            return message;
        }

        // What a value of the C# type the framework names looks like, in words.
        private static string Expected(string type)
        {
            var bare = type.Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('>', '?');
            return bare switch
            {
                "int" or "long" or "short" or "Int32" or "Int64" or "uint" or "ulong" => "a whole number",
                "double" or "float" or "decimal" or "Double" or "Single" or "Decimal" => "a number",
                "bool" or "Boolean" => "true or false",
                "Guid" => "an ID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
                "DateOnly" => "a date such as 2026-01-31",
                "DateTimeOffset" or "DateTime" => "a date such as 2026-01-31 or a date and time such as 2026-01-31T09:00:00Z",
                "TimeSpan" => "a duration such as 00:15:00",
                _ when bare.EndsWith("[]", StringComparison.Ordinal) => $"one or more of {Expected(bare[..^2])}",
                _ => "a value of another form",
            };
        }

        [System.Text.RegularExpressions.GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", System.Text.RegularExpressions.RegexOptions.Singleline)]
        private static partial System.Text.RegularExpressions.Regex BindingFailed();

        [System.Text.RegularExpressions.GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>[^ "]+)" was not provided from (?<source>.+)\.$""", System.Text.RegularExpressions.RegexOptions.Singleline)]
        private static partial System.Text.RegularExpressions.Regex NotProvided();

        [System.Text.RegularExpressions.GeneratedRegex("""^Implicit body inferred for parameter ".*" but no body was provided""", System.Text.RegularExpressions.RegexOptions.Singleline)]
        private static partial System.Text.RegularExpressions.Regex ImplicitBodyMissing();
    }
}
