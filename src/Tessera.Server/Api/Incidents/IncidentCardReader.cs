using Tessera.Core.Incidents;
using Tessera.Server.Knowledge;

namespace Tessera.Server.Api.Incidents;

/// <summary>Reads an incident's card rows (techniques named from the loaded collections); shared by the API and the UI.</summary>
public sealed class IncidentCardReader(IIncidentStore store, KnowledgeBaseHost knowledge)
{
    public async Task<IReadOnlyList<CardTechnique>> RowsAsync(long incidentId, CancellationToken ct) =>
        IncidentCard.Rows(await store.AssociationsAsync(incidentId, ct), knowledge.Find);
}
