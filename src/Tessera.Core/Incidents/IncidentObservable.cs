namespace Tessera.Core.Incidents;

/// <summary>An observable (IP, domain, hash …) recorded on an incident.</summary>
public sealed record IncidentObservable
{
    public required long Id { get; init; }
    public required long IncidentId { get; init; }
    public required ObservableKind Kind { get; init; }
    public required string Value { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
