namespace Tessera.Core.Exposures;

/// <summary>
/// "Ending soon": a running acceptance whose end day is at most a window of days ahead, so it can be renewed or the fix
/// planned before the exposure returns to the queues. Days are UTC calendar days, as for expiry
/// (<see cref="ExposureStatusRules.HasEnded"/>).
/// </summary>
public static class AcceptanceReminder
{
    /// <summary>Two weeks: one sprint or change window, enough to renew an acceptance or schedule the fix.</summary>
    public const int DefaultWindowDays = 14;

    /// <summary>A quarter, the usual review cycle; a wider window is the list of running acceptances (<c>?status=accepted</c>).</summary>
    public const int MaxWindowDays = 90;

    /// <summary>
    /// Whole days from today (UTC) to <paramref name="until"/>: 1 when the acceptance ends tomorrow (today is its last day),
    /// 0 or less once it has ended.
    /// </summary>
    public static int DaysLeft(DateOnly until, DateTimeOffset now) => until.DayNumber - ExposureStatusRules.Today(now).DayNumber;

    /// <summary>Days left of a running acceptance with an end day (at least 1); null for other statuses, no expiry, or an ended one.</summary>
    public static int? AcceptanceDaysLeft(this StoredExposure exposure, DateTimeOffset now) =>
        exposure is { Status: ExposureStatus.Accepted, AcceptedUntil: { } until } && !ExposureStatusRules.HasEnded(until, now)
            ? DaysLeft(until, now)
            : null;

    /// <summary>True when <paramref name="exposure"/>'s acceptance is running and ends within <paramref name="windowDays"/> days of today.</summary>
    public static bool IsAcceptanceEndingWithin(this StoredExposure exposure, DateTimeOffset now, int windowDays) =>
        exposure.AcceptanceDaysLeft(now) is { } left && left <= windowDays;

    /// <summary>How the page and the overview say it: <c>ends in 3 days</c>, <c>ends in 1 day</c> (today is the last day).</summary>
    public static string EndsIn(int daysLeft) => $"ends in {daysLeft} day{(daysLeft == 1 ? "" : "s")}";

    /// <summary>
    /// Null when <paramref name="days"/> is a usable window (1 to <see cref="MaxWindowDays"/>); else the problem, starting with
    /// <paramref name="field"/> (the query's <c>within</c>, or the setting's <c>acceptanceWindowDays</c>).
    /// </summary>
    public static string? ValidateWindow(int days, string field = "within") => days is >= 1 and <= MaxWindowDays
        ? null
        : $"{field}: {days} is not a window of days (1 to {MaxWindowDays}; default {DefaultWindowDays}).";

    /// <summary>The name the API and CLI use: <c>ending-soon</c> or <c>expired</c>.</summary>
    public static string Slug(this ExposureAcceptanceFilter filter) => filter switch
    {
        ExposureAcceptanceFilter.EndingSoon => "ending-soon",
        _ => "expired",
    };

    /// <summary>Parses <c>ending-soon</c> or <c>expired</c> (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? text, out ExposureAcceptanceFilter filter) =>
        ExposureStatusRules.TryParseName(text, f => f.Slug(), out filter);
}
