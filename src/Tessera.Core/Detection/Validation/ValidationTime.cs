namespace Tessera.Core.Detection.Validation;

/// <summary>
/// When a validation run may say it ran. A run dated in the future would outrank every real run until that date
/// (<see cref="ValidationApplier"/> ignores runs older than a rule's last test), freezing the rule as passing or
/// failing; so it is refused, like a data-source status change dated in the future.
/// </summary>
public static class ValidationTime
{
    /// <summary>
    /// Five minutes, the tolerance webhook signatures allow: runs come from other machines (a test host, a BAS tool)
    /// whose clocks may run a little ahead of the server's. Anything further ahead is a wrong date, not clock skew.
    /// </summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Null when <paramref name="executedAt"/> is not later than <paramref name="now"/> plus <see cref="ClockSkew"/>; otherwise why.</summary>
    public static string? FutureProblem(DateTimeOffset executedAt, DateTimeOffset now) =>
        executedAt > now + ClockSkew
            ? $"{executedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} is in the future (server time {now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}; {ClockSkew.TotalMinutes:0} minutes of clock skew allowed)"
            : null;
}
