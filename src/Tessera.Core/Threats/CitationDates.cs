using System.Globalization;
using System.Text.RegularExpressions;
using Tessera.Core.Attack;

namespace Tessera.Core.Threats;

/// <summary>
/// Dates the reports an ATT&amp;CK relationship cites. ATT&amp;CK citations follow APA style,
/// <c>Symantec. (2020, June 25). Title. Retrieved May 20, 2021.</c>, so the first parenthesised date is the
/// publication date. That is the best recency signal the bundle offers for a group's technique use: the
/// relationships' own <c>modified</c> stamps are bulk-updated on every release (all 4,362 group→technique
/// relationships in Enterprise 18.1 say 2025), and the retrieval date only says when MITRE read the report.
/// </summary>
public static partial class CitationDates
{
    // "(2020, June 25)", "(2020, June)", "(2020)"; "(n.d.)" has no date and is skipped.
    [GeneratedRegex(@"\((?<y>(19|20)\d{2})(,\s*(?<m>[A-Za-z]+)\.?(\s+(?<d>\d{1,2}))?)?\)", RegexOptions.CultureInvariant)]
    private static partial Regex Published();

    /// <summary>The newest publication date among the references, or null when none is dated.</summary>
    public static DateTimeOffset? Latest(IReadOnlyList<ExternalReference> references)
    {
        DateTimeOffset? latest = null;
        foreach (var reference in references)
        {
            if (Parse(reference.Description) is { } date && (latest is null || date > latest))
            {
                latest = date;
            }
        }

        return latest;
    }

    /// <summary>
    /// The publication date of one APA-style citation (month and day default to 1 when absent or unreadable),
    /// or null when it carries none.
    /// </summary>
    public static DateTimeOffset? Parse(string? citation)
    {
        if (string.IsNullOrEmpty(citation) || Published().Match(citation) is not { Success: true } match)
        {
            return null;
        }

        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = match.Groups["m"].Success ? MonthNumber(match.Groups["m"].Value) : 1;
        var day = match.Groups["d"].Success ? int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture) : 1;
        day = Math.Clamp(day, 1, DateTime.DaysInMonth(year, month));
        return new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
    }

    private static int MonthNumber(string name)
    {
        var names = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;
        for (var i = 0; i < 12; i++)
        {
            // Accepts "June", "Jun" and "Sept" alike.
            if (name.Length >= 3 && names[i].StartsWith(name[..3], StringComparison.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }

        return 1;
    }
}
