using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace Tessera.Server.Hosting;

/// <summary>
/// Enum query parameters (<c>?state=</c>, <c>?severity=</c> …) take what enum body fields take (<see cref="EnumNames"/>):
/// exactly one declared name per value, in any case. The framework's binder would take <c>?state=77</c> or
/// <c>?validation=Untested,Disabled</c> as a value no member has, and the filter then silently matched nothing; a name
/// in another case was refused with a message naming a .NET type. Here, for every endpoint at once, before binding: each
/// value of a parameter the handler declares as an enum, a nullable enum or an array of them is checked; a value that is
/// not a name is a 400 problem naming the parameter and listing the names, and a name in another case is passed on as
/// declared. The parameters come from the handler's own signature (its <see cref="MethodInfo"/>, <c>[AsParameters]</c>
/// records included), so a new endpoint is covered without a line of its own.
/// </summary>
public static class EnumQueryParameters
{
    /// <summary>One enum query parameter of an endpoint: its query name, enum type and whether it takes several values.</summary>
    public sealed record Parameter(string Name, Type EnumType, bool Many);

    private static readonly ConditionalWeakTable<Endpoint, IReadOnlyList<Parameter>> Cache = [];

    /// <summary>Adds the check; call after routing and authorization, so an unauthenticated caller still gets a 401 first.</summary>
    public static IApplicationBuilder UseEnumQueryNames(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Query.Count > 0 && context.GetEndpoint() is { } endpoint && Of(endpoint) is { Count: > 0 } parameters)
        {
            if (Problem(context.Request.Query, parameters) is { } problem)
            {
                await problem.ExecuteAsync(context);
                return;
            }

            context.Request.Query = AsDeclared(context.Request.Query, parameters);
        }

        await next(context);
    });

    /// <summary>The enum query parameters of <paramref name="endpoint"/>'s handler (none for pages and handlers without them).</summary>
    public static IReadOnlyList<Parameter> Of(Endpoint endpoint) =>
        Cache.GetValue(endpoint, static e => e.Metadata.GetMetadata<MethodInfo>() is { } method ? Find(method, (e as RouteEndpoint)?.RoutePattern).ToList() : []);

    // The answer to the first value that is not a name, or to several values for a parameter that takes one.
    private static IResult? Problem(IQueryCollection query, IReadOnlyList<Parameter> parameters)
    {
        foreach (var parameter in parameters)
        {
            var values = query[parameter.Name];
            // Named as the caller spelled it (query names match in any case): ?reason= for a parameter declared Reason.
            var name = query.Keys.FirstOrDefault(k => string.Equals(k, parameter.Name, StringComparison.OrdinalIgnoreCase)) ?? parameter.Name;
            var expected = $"expected one of {EnumNames.List(parameter.EnumType)}";
            var detail = !parameter.Many && values.Count > 1
                ? $"{name}: give one name, not {values.Count} values; {expected}."
                : values.FirstOrDefault(v => !EnumNames.TryParse(parameter.EnumType, v, out _)) is { } wrong
                    ? $"{name}: '{Core.Text.Echo.Clip(wrong, 40)}' is not a name this parameter takes; {expected}."
                    : null;
            if (detail is not null)
            {
                return Api.Problems.Invalid(detail, new Dictionary<string, string[]> { [name] = [expected] });
            }
        }

        return null;
    }

    // The query with each enum value spelled as declared ("inProgress" becomes "InProgress"), which the binder needs.
    private static IQueryCollection AsDeclared(IQueryCollection query, IReadOnlyList<Parameter> parameters)
    {
        var values = query.ToDictionary(q => q.Key, q => q.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in parameters.Where(p => values.ContainsKey(p.Name)))
        {
            values[parameter.Name] = new StringValues(values[parameter.Name]
                .Select(v => EnumNames.TryParse(parameter.EnumType, v, out var value) ? value.ToString() : v).ToArray());
        }

        return new QueryCollection(values);
    }

    private static IEnumerable<Parameter> Find(MethodInfo method, Microsoft.AspNetCore.Routing.Patterns.RoutePattern? route)
    {
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.IsDefined(typeof(AsParametersAttribute)))
            {
                foreach (var member in Members(parameter.ParameterType))
                {
                    if (Candidate(member.Name, member.Type, member.Attributes, route) is { } found)
                    {
                        yield return found;
                    }
                }
            }
            else if (Candidate(parameter.Name, parameter.ParameterType, parameter.GetCustomAttributes(true), route) is { } found)
            {
                yield return found;
            }
        }
    }

    // What [AsParameters] binds: the parameters of the widest public constructor (a record's positional ones, with the
    // attributes of the property each becomes) and any other public settable property.
    private static IEnumerable<(string? Name, Type Type, object[] Attributes)> Members(Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        var fromConstructor = constructor?.GetParameters() ?? [];
        foreach (var p in fromConstructor)
        {
            yield return (p.Name, p.ParameterType,
                [.. p.GetCustomAttributes(true), .. properties.GetValueOrDefault(p.Name ?? "")?.GetCustomAttributes(true) ?? []]);
        }

        foreach (var property in properties.Values.Where(p => p.CanWrite && fromConstructor.All(c => !string.Equals(c.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
        {
            yield return (property.Name, property.PropertyType, property.GetCustomAttributes(true));
        }
    }

    private static Parameter? Candidate(string? name, Type type, object[] attributes, Microsoft.AspNetCore.Routing.Patterns.RoutePattern? route)
    {
        if (name is null || attributes.Any(a => a is IFromRouteMetadata or IFromBodyMetadata or IFromHeaderMetadata or IFromServiceMetadata or IFromFormMetadata))
        {
            return null;
        }

        var fromQuery = attributes.OfType<IFromQueryMetadata>().FirstOrDefault();
        var queryName = fromQuery?.Name ?? name;
        if (fromQuery is null && route?.GetParameter(queryName) is not null)
        {
            return null;
        }

        var element = type.IsArray ? type.GetElementType()! : null;
        var enumType = Nullable.GetUnderlyingType(element ?? type) ?? element ?? type;
        return enumType.IsEnum ? new Parameter(queryName, enumType, element is not null) : null;
    }
}
