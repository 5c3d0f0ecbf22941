namespace Tessera.Core.Incidents;

/// <summary>
/// The result of asking a threat-intelligence provider about an observable (<see cref="ObservableId"/> set) or
/// about the incident as a whole. <see cref="Techniques"/> are the IDs the provider's auto-extraction found,
/// kept verbatim even when no loaded collection knows them. <see cref="SourceKey"/> names the collection the
/// techniques refer to; null means the latest active Enterprise source.
/// </summary>
public sealed record ThreatLookup
{
    public required long Id { get; init; }
    public required long IncidentId { get; init; }
    public long? ObservableId { get; init; }
    public required string Provider { get; init; }
    public required string Verdict { get; init; }
    public IReadOnlyList<string> Techniques { get; init; } = [];
    public string? SourceKey { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
