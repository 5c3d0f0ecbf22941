namespace Tessera.Core.Exposures;

/// <summary>The rules of a status change, shared by every <see cref="IExposureStore"/> implementation.</summary>
public static class ExposureStatusRules
{
    /// <summary>The trimmed reason, or null when blank.</summary>
    public static string? Normalise(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();

    /// <summary>
    /// Null when <paramref name="status"/> may be set with <paramref name="reason"/> (already normalised) and
    /// <paramref name="acceptedUntil"/> at <paramref name="now"/> (from the caller's injected <see cref="TimeProvider"/>);
    /// else the problem, starting with the field it concerns (<c>status:</c>, <c>reason:</c> or <c>acceptedUntil:</c>).
    /// Accepting needs a reason and an end day after today (UTC) and at most <see cref="StoredExposure.MaxAcceptanceDays"/>
    /// ahead; other statuses take no end day.
    /// </summary>
    public static string? Validate(ExposureStatus status, string? reason, DateOnly? acceptedUntil, DateTimeOffset now)
    {
        if (!Enum.IsDefined(status))
        {
            return $"status: {(int)status} is not a status (open, resolved or accepted).";
        }

        if (status == ExposureStatus.Accepted && reason is null)
        {
            return "reason: accepting an exposure's risk needs a reason (who decided and why).";
        }

        if (reason is { Length: > StoredExposure.MaxStatusReasonChars })
        {
            return $"reason: at most {StoredExposure.MaxStatusReasonChars} characters ({reason.Length} given); link a ticket for more.";
        }

        // "field: message", as every answer here: the API names the field from the text before the colon.
        if (Text.PlainText.MultiLineProblem("reason:", reason) is { } control)
        {
            return control;
        }

        return status == ExposureStatus.Accepted ? ValidateUntil(acceptedUntil, Today(now)) : acceptedUntil is null
            ? null
            : $"acceptedUntil: only an accepted exposure has an acceptance end date, not a {status.Slug()} one.";
    }

    private static string? ValidateUntil(DateOnly? until, DateOnly today)
    {
        var latest = today.AddDays(StoredExposure.MaxAcceptanceDays);
        if (until is not { } day)
        {
            return $"acceptedUntil: accepting an exposure's risk needs an end date (YYYY-MM-DD, after {Iso(today)} and at most {Iso(latest)}).";
        }

        if (day <= today)
        {
            return $"acceptedUntil: {Iso(day)} is not in the future (today is {Iso(today)} UTC).";
        }

        return day > latest
            ? $"acceptedUntil: {Iso(day)} is more than {StoredExposure.MaxAcceptanceDays} days ahead (at most {Iso(latest)}); accept again when it ends."
            : null;
    }

    /// <summary>The UTC calendar day of <paramref name="now"/>: acceptance dates are days, compared in UTC everywhere.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    /// <summary>True when <paramref name="exposure"/> is accepted and its end day has begun at <paramref name="now"/>; acceptances without an end day never expire.</summary>
    public static bool IsAcceptanceExpired(this StoredExposure exposure, DateTimeOffset now) =>
        exposure.Status == ExposureStatus.Accepted && exposure.AcceptedUntil is { } until && HasEnded(until, now);

    /// <summary>True when an acceptance ending on <paramref name="until"/> has expired at <paramref name="now"/>: from the start of that UTC day.</summary>
    public static bool HasEnded(DateOnly until, DateTimeOffset now) => until <= Today(now);

    /// <summary>
    /// The status that counts at <paramref name="now"/>: an expired acceptance counts as <see cref="ExposureStatus.Open"/>
    /// (queues, threat counts, the open filter) while its stored status, reason and end day stay for the record.
    /// </summary>
    public static ExposureStatus EffectiveStatus(this StoredExposure exposure, DateTimeOffset now) =>
        exposure.IsAcceptanceExpired(now) ? ExposureStatus.Open : exposure.Status;

    /// <summary>A day as the API, the page and the messages write it: <c>2026-01-31</c>.</summary>
    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The error for an end day that <see cref="TryParseDay"/> refused, naming the API field or CLI option it came in.</summary>
    public static string NotADay(string field, string text) => $"{field}: '{text}' is not a day (YYYY-MM-DD)";

    /// <summary>Parses a <c>YYYY-MM-DD</c> day (the only form the API and CLI take); false for anything else.</summary>
    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day);

    /// <summary>
    /// The reason an import gives when it reopens a resolved exposure, e.g. <c>seen again in import scan.csv</c>, or an
    /// expired acceptance (<paramref name="acceptanceEnded"/>): <c>acceptance expired on 2026-01-31; seen again in import scan.csv</c>.
    /// </summary>
    public static string ReopenReason(string? source, DateOnly? acceptanceEnded = null)
    {
        var reason = (acceptanceEnded is { } ended ? $"acceptance expired on {Iso(ended)}; " : "")
                     + (string.IsNullOrWhiteSpace(source) ? "seen again in an import" : "seen again in import " + source.Trim());
        return reason.Length <= StoredExposure.MaxStatusReasonChars ? reason : reason[..StoredExposure.MaxStatusReasonChars];
    }

    /// <summary>The lower-case name used by the API and the page (<c>open</c>, <c>resolved</c>, <c>accepted</c>).</summary>
    public static string Slug(this ExposureStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Parses a status name (case-insensitive); numbers and combinations are not accepted.</summary>
    public static bool TryParse(string? text, out ExposureStatus status) => TryParseName(text, s => s.ToString(), out status);

    // Only the listed names: Enum.TryParse would also take numbers and comma-joined combinations.
    internal static bool TryParseName<T>(string? text, Func<T, string> name, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(name(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
