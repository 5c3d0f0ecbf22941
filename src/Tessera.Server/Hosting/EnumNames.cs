using System.Collections.Concurrent;

namespace Tessera.Server.Hosting;

/// <summary>
/// What the API takes for an enum wherever it arrives (a body field through <see cref="EnumNamesConverter"/>, a query
/// parameter through <see cref="EnumQueryParameters"/>, a name inside a text field): exactly one declared name, in any case,
/// surrounding spaces ignored. <c>Enum.TryParse</c> is not used: it also takes numbers (<c>77</c>, a value no member has)
/// and comma-joined names (<c>"New, Confirmed"</c>, read as one combined value).
/// </summary>
public static class EnumNames
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, object>> ByType = new();

    /// <summary>The names an enum takes, as listed in error messages: "Low, Medium, High, Critical".</summary>
    public static string List(Type enumType) => string.Join(", ", Enum.GetNames(enumType));

    /// <summary>True when <paramref name="text"/> is one declared name of <paramref name="enumType"/>; <paramref name="value"/> is then the member.</summary>
    public static bool TryParse(Type enumType, string? text, out object value)
    {
        var names = ByType.GetOrAdd(enumType, static t =>
            Enum.GetNames(t).ToDictionary(n => n, n => Enum.Parse(t, n), StringComparer.OrdinalIgnoreCase));
        if (text is not null && names.TryGetValue(text.Trim(), out var found))
        {
            value = found;
            return true;
        }

        value = default!;
        return false;
    }

    /// <inheritdoc cref="TryParse(Type, string?, out object)"/>
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        var ok = TryParse(typeof(T), text, out var found);
        value = ok ? (T)found : default;
        return ok;
    }
}
