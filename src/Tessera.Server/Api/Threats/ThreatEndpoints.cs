using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Security;
using Tessera.Core.Threats;
using Tessera.Server.Api.Coverage;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Threats;

/// <summary>Threat-actor-targeted coverage: profiles with sector tags, and target sets measured against our coverage.</summary>
public static class ThreatEndpoints
{
    public static IEndpointRouteBuilder MapThreatEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/threats").WithTags("Threats").Require(Permission.Read);
        group.MapGet("/groups", Groups).WithSummary("ATT&CK groups and campaigns with their sector tags");
        group.MapPost("/target-set", TargetSetAsync).WithSummary("Coverage of the techniques chosen threat actors, sectors or a layer use");
        return app;
    }

    private static Results<Ok<ThreatProfilesView>, ProblemHttpResult> Groups(KnowledgeBaseHost knowledge, string? collection = null)
    {
        if (CoverageAttack.Resolve(knowledge, collection) is not { } attack)
        {
            return Problems.NotFound(CoverageAttack.Missing(collection));
        }

        var profiles = ThreatService.Profiles(attack);
        return TypedResults.Ok(new ThreatProfilesView(attack.Info.Key,
            ThreatTags.Merge([], profiles.SelectMany(p => p.Sectors)), ThreatTags.Merge([], profiles.SelectMany(p => p.Regions)),
            profiles.Select(ThreatProfileView.Of).ToList()));
    }

    // A read: the target set is computed, nothing is stored, so Read permission suffices and nothing is audited.
    private static async Task<Results<Ok<TargetSetView>, ProblemHttpResult>> TargetSetAsync(
        TargetSetRequest request, ThreatService threats, KnowledgeBaseHost knowledge, CancellationToken ct, string? collection = null)
    {
        if (CoverageAttack.Resolve(knowledge, collection) is not { } attack)
        {
            return Problems.NotFound(CoverageAttack.Missing(collection));
        }

        var (analysis, errors) = await threats.AnalyseAsync(attack, request.ToSelection(), ct);
        return analysis is null
            ? Problems.Invalid("The target-set selection is invalid: " + string.Join("; ", errors.SelectMany(e => e.Value)), errors)
            : TypedResults.Ok(TargetSetView.Of(analysis));
    }
}
