namespace Tessera.Core.Audit;

/// <summary>Filters (all optional, combined with AND) and a page of the audit log, newest first.</summary>
public sealed record AuditQuery
{
    /// <summary>Caps one page so a query cannot pull the whole log into memory.</summary>
    public const int MaxTake = 500;

    public AuditActorKind? ActorKind { get; init; }
    public string? ActorId { get; init; }
    /// <summary>Exact action, or a prefix when it ends with <c>*</c> (<c>incident.*</c>, <c>atomic*</c>); see <see cref="ActionProblem"/>.</summary>
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

    /// <summary>The prefix an <see cref="Action"/> pattern stands for (<c>rule.*</c> → <c>rule.</c>); null for an exact action.</summary>
    public static string? ActionPrefix(string action) => action.EndsWith('*') ? action[..^1] : null;

    /// <summary>
    /// Why <paramref name="action"/> is no pattern: <c>*</c> is a wildcard only at the end (a prefix), so one elsewhere
    /// would match nothing while looking like a search; null when it is fine.
    /// </summary>
    public static string? ActionProblem(string? action) =>
        action is not null && action[..^(action.EndsWith('*') ? 1 : 0)].Contains('*', StringComparison.Ordinal)
            ? $"action '{action}': * is a wildcard only at the end (rule.* or atomic*)"
            : null;
}
