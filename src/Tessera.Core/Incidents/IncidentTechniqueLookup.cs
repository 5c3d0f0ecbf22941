using Tessera.Core.Attack;
using Tessera.Core.Enrichment;

namespace Tessera.Core.Incidents;

/// <summary>
/// Open incidents for SOAR enrichment, read from <see cref="IIncidentStore"/>. A parent technique also finds incidents
/// tagged only with one of its sub-techniques (a playbook asking about T1059 cares about T1059.001); a sub-technique
/// finds only itself, because an incident tagged with the parent says nothing about that particular sub-technique.
/// </summary>
public sealed class IncidentTechniqueLookup(IIncidentStore store) : IIncidentTechniqueLookup
{
    private static readonly IReadOnlyList<IncidentState> OpenStates = [IncidentState.New, IncidentState.InProgress, IncidentState.Contained];

    /// <inheritdoc />
    public async Task<IReadOnlyList<OpenIncidentRef>> OpenWithTechniqueAsync(TechniqueId technique, int take, CancellationToken ct)
    {
        var page = await store.ListAsync(new IncidentQuery
        {
            States = OpenStates,
            TechniqueId = technique.Value,
            IncludeSubtechniques = !technique.IsSubtechnique,
            CountTotal = false,
            Take = Math.Clamp(take, 1, IncidentQuery.MaxTake),
        }, ct);
        return page.Items.Select(i => new OpenIncidentRef(i.Number, i.Title, i.State.ToString(), i.UpdatedAt)).ToList();
    }
}
