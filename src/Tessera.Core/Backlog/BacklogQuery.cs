namespace Tessera.Core.Backlog;

/// <summary>Backlog filters (combined with AND) and a page.</summary>
public sealed record BacklogQuery
{
    public const int MaxTake = 1000;

    public IReadOnlyList<BacklogState>? States { get; init; }
    public BacklogReason? Reason { get; init; }
    public string? Owner { get; init; }
    public string? Technique { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 100;
}

/// <summary>A page of items (technique order) and the total match count.</summary>
public sealed record BacklogPage(IReadOnlyList<BacklogItem> Items, int Total);
