namespace Tessera.Core.Exposures;

/// <summary>The rules of a status change, shared by every <see cref="IExposureStore"/> implementation.</summary>
public static class ExposureStatusRules
{
    /// <summary>The trimmed reason, or null when blank.</summary>
    public static string? Normalise(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();

    /// <summary>
    /// Null when <paramref name="status"/> may be set with <paramref name="reason"/> (already normalised); else the problem,
    /// starting with the field it concerns (<c>status:</c> or <c>reason:</c>).
    /// </summary>
    public static string? Validate(ExposureStatus status, string? reason)
    {
        if (!Enum.IsDefined(status))
        {
            return $"status: {(int)status} is not a status (open, resolved or accepted).";
        }

        if (status == ExposureStatus.Accepted && reason is null)
        {
            return "reason: accepting an exposure's risk needs a reason (who decided, why, until when).";
        }

        return reason is { Length: > StoredExposure.MaxStatusReasonChars }
            ? $"reason: at most {StoredExposure.MaxStatusReasonChars} characters ({reason.Length} given); link a ticket for more."
            : null;
    }

    /// <summary>The reason an import gives when it reopens a resolved exposure, e.g. <c>seen again in import scan.csv</c>.</summary>
    public static string ReopenReason(string? source)
    {
        var reason = string.IsNullOrWhiteSpace(source) ? "seen again in an import" : "seen again in import " + source.Trim();
        return reason.Length <= StoredExposure.MaxStatusReasonChars ? reason : reason[..StoredExposure.MaxStatusReasonChars];
    }

    /// <summary>The lower-case name used by the API and the page (<c>open</c>, <c>resolved</c>, <c>accepted</c>).</summary>
    public static string Slug(this ExposureStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Parses a status name (case-insensitive); numbers and combinations are not accepted.</summary>
    public static bool TryParse(string? text, out ExposureStatus status)
    {
        foreach (var candidate in Enum.GetValues<ExposureStatus>())
        {
            if (string.Equals(candidate.ToString(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
