using Tessera.Core.Exposures;
using Tessera.Server.Api.Exposures;

namespace Tessera.Server.Components.Exposures;

/// <summary>
/// A status change asked for on the page: <see cref="Until"/> is the acceptance's end day (accepted only);
/// <see cref="StatusVersion"/> the exposure's status version the page showed (a change made meanwhile wins, this one is refused).
/// </summary>
public sealed record ExposureStatusChange(Guid Id, ExposureStatus Status, string? Reason, DateOnly? Until = null, long? StatusVersion = null)
{
    /// <summary>
    /// What the status column says about an acceptance, or null: <c>until 2026-01-31</c>, <c>no expiry</c> (accepted before
    /// end days existed) or <c>acceptance expired 2025-10-01</c> (the exposure counts as open again).
    /// </summary>
    public static string? AcceptanceText(ExposureView e) => e switch
    {
        { AcceptanceExpired: true, AcceptedUntil: { } day } => "acceptance expired " + ExposureStatusRules.Iso(day),
        { Status: "accepted", AcceptedUntil: { } day } => "until " + ExposureStatusRules.Iso(day),
        { Status: "accepted" } => "no expiry",
        _ => null,
    };

    /// <summary>
    /// The warning on a running acceptance that ends within the team's window (<see cref="ExposureSettings.AcceptanceWindowDays"/>), e.g.
    /// <c>acceptance ends in 3 days</c> (<c>in 1 day</c>: today is its last day); null otherwise.
    /// </summary>
    public static string? EndingSoonText(ExposureView e) => e is { AcceptanceEndingSoon: true, AcceptanceEndsInDays: { } days }
        ? "acceptance " + AcceptanceReminder.EndsIn(days)
        : null;

    /// <summary>The reason the page gives when an analyst reopens an expired acceptance: <c>acceptance expired on 2026-01-31</c>.</summary>
    public static string? ReopenReason(ExposureView e) => e is { AcceptanceExpired: true, AcceptedUntil: { } day }
        ? "acceptance expired on " + ExposureStatusRules.Iso(day)
        : null;
}
