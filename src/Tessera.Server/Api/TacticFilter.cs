using Microsoft.AspNetCore.Http.HttpResults;
using Tessera.Core.Attack;

namespace Tessera.Server.Api;

/// <summary>
/// The one rule for a <c>tactic</c> query filter (rules, coverage and its layer and CSV/XLSX exports, runbooks): a short
/// name in any case or a tactic ID (<c>TA0006</c>) of the collections the endpoint reads (<see cref="TacticNames"/>: for
/// what is stored, rules and runbooks, v19's split of Defense Evasion too; for a coverage matrix its collection's own
/// tactics only) filters as its short name; anything else (<c>TA9999</c>, a typo) is a 400 whose
/// <c>errors.tactic</c> names the value and lists the tactics. It answered an empty result, as if nothing covered the
/// tactic. A blank value is no filter, as the other filters read one (a form sends its empty fields).
/// </summary>
internal static class TacticFilter
{
    public const string Field = "tactic";

    /// <summary>
    /// The short name <paramref name="tactic"/> names in <paramref name="names"/> (null when blank) and null; or, when it
    /// names none, the two messages for <c>errors.tactic</c>: why, and the tactics accepted.
    /// </summary>
    public static string[]? Check(string? tactic, TacticNames names, out string? shortName)
    {
        shortName = null;
        if (string.IsNullOrWhiteSpace(tactic))
        {
            return null;
        }

        shortName = names.Resolve(tactic);
        return shortName is null ? [names.Unknown(tactic), $"the tactics are {string.Join(", ", names.All)}"] : null;
    }

    /// <summary>The 400 for an endpoint whose only refused filter is the tactic: <paramref name="errors"/> from <see cref="Check"/>, the first as its detail.</summary>
    public static ProblemHttpResult Problem(string[] errors) =>
        Problems.Invalid($"tactic: {errors[0]}", new Dictionary<string, string[]> { [Field] = errors });
}
