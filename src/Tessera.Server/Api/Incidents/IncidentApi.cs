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

    private static IncidentView? Current<T>(IncidentResult<T> result) => result.Current is null ? null : IncidentView.Of(result.Current);
}
