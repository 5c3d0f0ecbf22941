using Tessera.Core.Attack;

namespace Tessera.Core.Backlog;

/// <summary>
/// Detection work on one priority technique for one reason. There is at most one item per technique and reason:
/// the reconciliation reopens it when the reason comes back instead of adding another.
/// </summary>
public sealed record BacklogItem
{
    public required Guid Id { get; init; }
    public required TechniqueId Technique { get; init; }
    public required string TechniqueName { get; init; }
    public required BacklogReason Reason { get; init; }
    public string? Owner { get; init; }
    public DateOnly? DueOn { get; init; }
    public required BacklogState State { get; init; }
    public string? Note { get; init; }

    /// <summary>What the reconciliation saw last (e.g. "2 rules failing: …").</summary>
    public string Detail { get; init; } = "";
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public long Version { get; init; }

    /// <summary>Open or in progress.</summary>
    public bool IsActive => State is BacklogState.Open or BacklogState.InProgress;
}
