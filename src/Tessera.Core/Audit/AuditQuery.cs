namespace Tessera.Core.Audit;

/// <summary>Filters (all optional, combined with AND) and a page of the audit log, newest first.</summary>
public sealed record AuditQuery
{
    /// <summary>Caps one page so a query cannot pull the whole log into memory.</summary>
    public const int MaxTake = 500;

    public AuditActorKind? ActorKind { get; init; }
    public string? ActorId { get; init; }
    /// <summary>Exact action, or a prefix when it ends with <c>.*</c> (e.g. <c>incident.*</c>).</summary>
    public string? Action { get; init; }
    public string? EntityType { get; init; }
    public string? EntityId { get; init; }
    public string? CorrelationId { get; init; }
    /// <summary>Inclusive lower bound on <see cref="AuditEntry.At"/>.</summary>
    public DateTimeOffset? From { get; init; }
    /// <summary>Exclusive upper bound on <see cref="AuditEntry.At"/>.</summary>
    public DateTimeOffset? To { get; init; }
    public int Skip { get; init; }
    /// <summary>Page size, clamped to 1..<see cref="MaxTake"/>.</summary>
    public int Take { get; init; } = 50;
}
