using System.Security.Claims;
using Tessera.Core.Incidents;
using Tessera.Core.Storage;
using Tessera.Server.Api.Incidents;
using Tessera.Server.Knowledge;

namespace Tessera.Server.Api.Sources;

/// <summary>
/// Activates and deactivates ATT&amp;CK sources for the API and the Sources page alike: the store write and its audit,
/// then, when the source's state changed, every incident's roll-up recomputed and audited. Which sources are usable
/// decides where evidence rolls up (the source it names, or the newest active Enterprise source for evidence naming
/// none), so evidence waiting for a source rolls up as soon as it is activated, and un-rolls when it is deactivated,
/// rather than at the incident's next unrelated change.
/// </summary>
public sealed class SourceActivation(ISourceActivationStore store, KnowledgeBaseHost knowledge, IncidentService incidents, AuditWriter audit)
{
    /// <summary>The activated source, or null when this server did not load <paramref name="key"/>.</summary>
    public async Task<AttackSource?> ActivateAsync(string key, ClaimsPrincipal user, CancellationToken ct)
    {
        if (knowledge.Find(key) is not { } collection)
        {
            return null;
        }

        var before = await store.FindAsync(collection.Info.Key, ct);
        var after = await store.ActivateAsync(collection.Info, IncidentApi.Actor(user), ct);
        await audit.WriteAsync(user, "source.activate", "source", after.Key, before, after, ct);
        await RecomputeAsync(before?.IsActive != true, user, ct);
        return after;
    }

    /// <summary>The deactivated source, or null when <paramref name="key"/> was never activated.</summary>
    public async Task<AttackSource?> DeactivateAsync(string key, ClaimsPrincipal user, CancellationToken ct)
    {
        var before = await store.FindAsync(key, ct);
        if (before is null || !await store.DeactivateAsync(before.Key, IncidentApi.Actor(user), ct))
        {
            return null;
        }

        var after = (await store.FindAsync(before.Key, ct))!;
        await audit.WriteAsync(user, "source.deactivate", "source", after.Key, before, after, ct);
        await RecomputeAsync(before.IsActive, user, ct);
        return after;
    }

    private async Task RecomputeAsync(bool changed, ClaimsPrincipal user, CancellationToken ct)
    {
        if (changed)
        {
            await IncidentApi.AuditRollupsAsync(audit, user, await incidents.RecomputeAllAsync(ct), ct);
        }
    }
}
