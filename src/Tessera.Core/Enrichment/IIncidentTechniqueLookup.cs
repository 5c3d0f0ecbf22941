using Tessera.Core.Attack;

namespace Tessera.Core.Enrichment;

/// <summary>An open incident that involves a technique, as SOAR enrichment reports it.</summary>
public sealed record OpenIncidentRef(string Id, string Title, string Status, DateTimeOffset? Updated = null);

/// <summary>
/// Answers "which open incidents involve this technique?" for enrichment; implemented over the incident store by
/// <c>Tessera.Core.Incidents.IncidentTechniqueLookup</c>.
/// </summary>
public interface IIncidentTechniqueLookup
{
    /// <summary>Open incidents tagged with <paramref name="technique"/> (or one of its sub-techniques), newest first, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<OpenIncidentRef>> OpenWithTechniqueAsync(TechniqueId technique, int take, CancellationToken ct);
}
