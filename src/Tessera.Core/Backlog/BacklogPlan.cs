namespace Tessera.Core.Backlog;

/// <summary>What a reconciliation changes: new items, items to reopen (with their new detail) and items to close.</summary>
public sealed record BacklogPlan(IReadOnlyList<BacklogItem> Create, IReadOnlyList<BacklogItem> Reopen, IReadOnlyList<BacklogItem> Close)
{
    public bool IsEmpty => Create.Count == 0 && Reopen.Count == 0 && Close.Count == 0;
}
