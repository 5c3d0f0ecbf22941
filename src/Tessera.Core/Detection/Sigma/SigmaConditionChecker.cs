using System.Text.RegularExpressions;

namespace Tessera.Core.Detection.Sigma;

/// <summary>
/// Checks that every identifier in a condition names a search (wildcards must match at least one), so a
/// typo cannot turn a rule into one that never or always fires. It does not build a condition tree.
/// Legacy aggregations after '|' (<c>| count() by x &gt; 5</c>) are not checked.
/// </summary>
internal static partial class SigmaConditionChecker
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase) { "and", "or", "not", "of", "all", "any", "them" };

    [GeneratedRegex(@"[A-Za-z0-9_*\-.]+", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    /// <summary>Identifiers in <paramref name="condition"/> that match no search name.</summary>
    public static IEnumerable<string> UnknownIdentifiers(string condition, IReadOnlyCollection<string> searchNames)
    {
        var pipe = condition.IndexOf('|', StringComparison.Ordinal);
        var expression = pipe >= 0 ? condition[..pipe] : condition;
        foreach (Match m in Token().Matches(expression))
        {
            var token = m.Value;
            if (Keywords.Contains(token) || token.All(char.IsAsciiDigit))
            {
                continue;
            }

            var matches = token.Contains('*')
                ? searchNames.Any(n => WildcardMatch(token, n))
                : searchNames.Contains(token);
            if (!matches)
            {
                yield return token;
            }
        }
    }

    /// <summary>Glob match where '*' is the only wildcard (Sigma condition patterns such as <c>selection_*</c>).</summary>
    internal static bool WildcardMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        var star = pattern.IndexOf('*');
        if (star < 0)
        {
            return pattern.SequenceEqual(name);
        }

        if (!name.StartsWith(pattern[..star]))
        {
            return false;
        }

        var rest = pattern[(star + 1)..];
        var tail = name[star..];
        for (var i = 0; i <= tail.Length; i++)
        {
            if (WildcardMatch(rest, tail[i..]))
            {
                return true;
            }
        }

        return false;
    }
}
