using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Tessera.Core.Incidents;
using Tessera.Core.Text;

namespace Tessera.Server.Api.Incidents;

/// <summary>Turns incident use-case outcomes into problems, and audits roll-ups a write caused.</summary>
internal static class IncidentApi
{
    public static ProblemHttpResult Problem<T>(IncidentResult<T> result) => result.Outcome switch
    {
        IncidentOutcome.NotFound => Problems.NotFound(result.Message ?? "Not found."),
        IncidentOutcome.Conflict => Problems.Conflict(result.Message ?? "Changed by someone else.", Current(result)),
        IncidentOutcome.Locked => Problems.Status(StatusCodes.Status409Conflict, "Incident closed", result.Message ?? "Closed.",
            new Dictionary<string, object?> { ["current"] = Current(result) }),
        IncidentOutcome.Invalid => Invalid(result.Message ?? "Invalid input.", result.Errors),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Outcome, "Ok results are not problems"),
    };

    public static ProblemHttpResult Invalid(string detail, IReadOnlyList<IncidentError> errors) =>
        Problems.BadRequest(detail, new Dictionary<string, object?>
        {
            ["errors"] = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            ["issues"] = errors,
        });

    public static async Task AuditRollupsAsync(AuditWriter audit, ClaimsPrincipal user, IReadOnlyList<RollupChange> rollups, CancellationToken ct)
    {
        foreach (var change in rollups)
        {
            await audit.WriteAsync(user, "incident.rollup", "incident", change.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                null, new { origin = change.Origin.ToString(), change.Added, change.Removed }, ct);
        }
    }

    public static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "?";

    /// <summary>
    /// The period [from, to) of the incident list and the heatmap, or a 400 when from is after to. A <c>to</c> given as a
    /// date alone (<c>to=2024-03-05</c>) means the end of that day, so from and to of the same day list that day; with a
    /// time it is exclusive.
    /// </summary>
    public static (DateTimeOffset? To, ProblemHttpResult? Problem) Period(HttpRequest request, DateTimeOffset? from, DateTimeOffset? to)
    {
        var wholeDay = to is { } day && IsDateOnly(request.Query["to"].ToString()) && day.DateTime < DateTime.MaxValue.AddDays(-2);
        var end = wholeDay ? to!.Value.AddDays(1) : to;
        // A whole day ends where the next begins: from at that point is already after it.
        if (from is { } start && end is { } stop && (wholeDay ? start >= stop : start > stop))
        {
            return (end, Problems.BadRequest($"from ({Echo.Clip(request.Query["from"].ToString(), 40)}) is after to ({Echo.Clip(request.Query["to"].ToString(), 40)}); "
                + "give from on or before to (a date alone as to includes that whole day; with a time, to is exclusive)."));
        }

        return (end, null);
    }

    private static bool IsDateOnly(string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);

    private static IncidentView? Current<T>(IncidentResult<T> result) => result.Current is null ? null : IncidentView.Of(result.Current);
}
