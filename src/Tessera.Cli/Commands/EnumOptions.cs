using System.CommandLine;

namespace Tessera.Cli.Commands;

/// <summary>
/// Enum options take names only. System.CommandLine reads an enum with <c>Enum.TryParse</c>, which also takes numbers
/// ("77" becomes an outcome no member has) and comma-joined names; the API refuses both, and so does the CLI.
/// </summary>
public static class EnumOptions
{
    /// <summary>Adds the check to <paramref name="option"/> (of an enum, nullable enum or enum array) and returns it.</summary>
    public static Option<T> NamesOnly<T, TEnum>(this Option<T> option)
        where TEnum : struct, Enum
    {
        var names = Enum.GetNames<TEnum>();
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!names.Contains(token.Value, StringComparer.OrdinalIgnoreCase))
                {
                    result.AddError($"'{token.Value}' is not a value of {option.Name}: use one of {string.Join(", ", names)}");
                }
            }
        });
        return option;
    }
}
