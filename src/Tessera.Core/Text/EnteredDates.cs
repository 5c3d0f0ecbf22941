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

    /// <summary>Like <see cref="Problem(string, DateOnly?)"/> for a point in time, judged by its UTC day.</summary>
    public static string? Problem(string field, DateTimeOffset? at) =>
        at is { } t ? Problem(field, DateOnly.FromDateTime(t.UtcDateTime)) : null;

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
