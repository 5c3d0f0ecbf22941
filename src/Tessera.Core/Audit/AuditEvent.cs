namespace Tessera.Core.Audit;

/// <summary>What happened: the part of an audit entry a caller supplies; the log adds id and time (<see cref="AuditEntry"/>).</summary>
public sealed record AuditEvent
{
    /// <summary>
    /// Largest before/after snapshot: entities are small, a bigger one means a caller is logging bulk data. A bigger one is
    /// replaced by its summary (<see cref="AuditSnapshot.Fit"/>) as it is set, so an audit entry is never refused for its size.
    /// </summary>
    public const int MaxJsonLength = 256 * 1024;

    public required AuditActor Actor { get; init; }
    /// <summary>Dotted verb, e.g. <c>incident.update</c>.</summary>
    public required string Action { get; init; }
    public required string EntityType { get; init; }
    public string? EntityId { get; init; }
    public string? BeforeJson { get; init => field = AuditSnapshot.Fit(value); }
    public string? AfterJson { get; init => field = AuditSnapshot.Fit(value); }
    /// <summary>Ties entries of one request or job together.</summary>
    public string? CorrelationId { get; init; }
}
