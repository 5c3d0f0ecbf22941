using System.Globalization;

namespace Tessera.Core.Text;

/// <summary>
/// The one range for dates people enter and Tessera stores (a backlog item's due day, a validation run's time, a data
/// source's status change and its registered and connected days): 2000-01-01 to 2100-12-31, UTC. A date outside it
/// is a slip (year 1 from an empty date picker, 1900 from a spreadsheet's zero, a two-digit year), never a plan or a
/// record: stored, it sorted first in every list and read as decades overdue. Queries (audit since/until, incident
/// from/to) are not bound by it: they store nothing.
/// </summary>
public static class EnteredDates
{
    /// <summary>The first day accepted: older than any ATT&amp;CK content or any record Tessera keeps.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>The last day accepted: far beyond any due date or acceptance people plan.</summary>
    public static readonly DateOnly Latest = new(2100, 12, 31);

    /// <summary>Null when <paramref name="day"/> is null or in the range; otherwise why, starting with <paramref name="field"/>.</summary>
    public static string? Problem(string field, DateOnly? day) =>
        day is { } d && (d < Earliest || d > Latest)
            ? $"{field} {Iso(d)} is outside the dates Tessera accepts ({Iso(Earliest)} to {Iso(Latest)})"
            : null;

    /// <summary>
    /// Like <see cref="Problem(string, DateOnly?)"/> for a point in time, judged by its UTC day. The message quotes the
    /// time as given, with its offset (<c>2100-12-31T23:59:59-05:00</c>; a bare UTC midnight as its day), and names the
    /// UTC day it was judged by when that is another day (<c>2101-01-01 in UTC</c>), so it never quotes a date nobody sent.
    /// </summary>
    public static string? Problem(string field, DateTimeOffset? at)
    {
        if (at is not { } t || Problem(field, DateOnly.FromDateTime(t.UtcDateTime)) is null)
        {
            return null;
        }

        var utcDay = DateOnly.FromDateTime(t.UtcDateTime);
        var judged = DateOnly.FromDateTime(t.DateTime) == utcDay ? "" : $" ({Iso(utcDay)} in UTC)";
        return $"{field} {Quoted(t)}{judged} is outside the dates Tessera accepts ({Iso(Earliest)} to {Iso(Latest)})";
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // ISO 8601 as people write it: no fraction when there is none, Z for UTC, a UTC midnight (a date sent alone) as its day.
    private static string Quoted(DateTimeOffset t) =>
        t.Offset == TimeSpan.Zero && t.TimeOfDay == TimeSpan.Zero ? Iso(DateOnly.FromDateTime(t.DateTime))
        : t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + (t.Offset == TimeSpan.Zero ? "Z" : t.ToString("zzz", CultureInfo.InvariantCulture));
}
