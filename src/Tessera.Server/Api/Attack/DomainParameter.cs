using Microsoft.AspNetCore.Http.HttpResults;
using Tessera.Core.Attack;

namespace Tessera.Server.Api.Attack;

/// <summary>An optional <c>domain</c> request field: absent means "not narrowed"; anything else must name a domain.</summary>
internal static class DomainParameter
{
    /// <summary>Returns null and sets <paramref name="domain"/> when valid, else the problem to answer with.</summary>
    public static ProblemHttpResult? Parse(string? text, out AttackDomain? domain)
    {
        domain = null;
        if (text is null)
        {
            return null;
        }

        if (!AttackDomains.TryParse(text, out var parsed))
        {
            return Problems.BadRequest($"'{text}' is not a domain (enterprise, mobile, ics).");
        }

        domain = parsed;
        return null;
    }
}
