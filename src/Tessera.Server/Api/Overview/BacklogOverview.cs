using Tessera.Core.Backlog;

namespace Tessera.Server.Api.Overview;

/// <summary>Backlog items open or in progress and the few to look at first (see <see cref="OverviewService"/> for the order).</summary>
public sealed record BacklogOverview
{
    public required int Active { get; init; }
    public required int InProgress { get; init; }
    public required IReadOnlyList<BacklogBrief> Top { get; init; }
}

public sealed record BacklogBrief(Guid Id, string Technique, string TechniqueName, BacklogReason Reason, BacklogState State, string? Owner, DateOnly? DueOn);
