using Tessera.Core.Attack;

namespace Tessera.Core.Enrichment;

/// <summary>An open incident that involves a technique, as SOAR enrichment reports it.</summary>
public sealed record OpenIncidentRef(string Id, string Title, string Status, DateTimeOffset? Updated = null);

/// <summary>
/// Answers "which open incidents involve this technique?" for enrichment. The incident capability implements it;
/// until it is registered, <see cref="NoIncidentTechniqueLookup"/> answers with no incidents.
/// </summary>
public interface IIncidentTechniqueLookup
{
    /// <summary>Open incidents tagged with <paramref name="technique"/> (or one of its sub-techniques), newest first, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<OpenIncidentRef>> OpenWithTechniqueAsync(TechniqueId technique, int take, CancellationToken ct);
}

/// <summary>The default lookup while no incident store is registered: always empty.</summary>
public sealed class NoIncidentTechniqueLookup : IIncidentTechniqueLookup
{
    public Task<IReadOnlyList<OpenIncidentRef>> OpenWithTechniqueAsync(TechniqueId technique, int take, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<OpenIncidentRef>>([]);
}
