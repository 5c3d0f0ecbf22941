using Tessera.Core.Alerts.Triage;

namespace Tessera.Server.Components.Alerts;

/// <summary>
/// The triage queue as the page shows it: one page of alerts (mappings parsed once per load, not per render), at most
/// one of them open, and which alert to open next after a decision.
/// </summary>
public sealed class AlertQueueModel
{
    public IReadOnlyList<AlertRowModel> Rows { get; private set; } = [];

    public int Total { get; private set; }

    /// <summary>False until the first page arrives: an empty queue before then means "loading", not "no alerts".</summary>
    public bool Loaded { get; private set; }

    public long? OpenId { get; private set; }

    /// <summary>The alert a link asked for (<c>?alert=ID</c>) when it is not on the loaded page; shown first.</summary>
    public long? PinnedId { get; private set; }

    public bool IsOpen(long id) => OpenId == id;

    public void Toggle(long id) => OpenId = OpenId == id ? null : id;

    public void Open(long? id) => OpenId = id;

    /// <summary>
    /// Replaces the rows with <paramref name="page"/>; <paramref name="linked"/> (the alert a link named) is put first
    /// when the page's filter or paging left it out, so a link always shows its alert.
    /// </summary>
    public void Load(AlertRecordPage page, AlertRecord? linked)
    {
        var rows = page.Items.Select(AlertRowModel.Of).ToList();
        PinnedId = linked is not null && rows.All(r => r.Id != linked.Id) ? linked.Id : null;
        if (PinnedId is not null)
        {
            rows.Insert(0, AlertRowModel.Of(linked!));
        }

        Rows = rows;
        Total = page.Total;
        Loaded = true;
    }

    /// <summary>Shows <paramref name="current"/> in place of the row with its ID (another analyst's decision), leaving the rest as loaded.</summary>
    public void Replace(AlertRecord current) =>
        Rows = Rows.Select(r => r.Id == current.Id ? AlertRowModel.Of(current) : r).ToList();

    /// <summary>
    /// After a decision on <paramref name="decidedId"/>, reloads the rows and opens the next alert that is still new:
    /// the first one below the decided alert in the order shown before the decision, else the first new one from the top
    /// (alerts that arrived meanwhile, or ones skipped above); closes the detail when none is left on the page.
    /// The order from before the reload is used because a state filter (e.g. "new") drops the decided row itself.
    /// </summary>
    /// <returns>The alert now open, or null.</returns>
    public long? Advance(long decidedId, AlertRecordPage page, AlertRecord? linked)
    {
        var below = Rows.SkipWhile(r => r.Id != decidedId).Skip(1).Select(r => r.Id).ToList();
        Load(page, linked);
        var isNew = Rows.Where(r => r.Record.State == TriageState.New).Select(r => r.Id).ToHashSet();
        isNew.Remove(decidedId);
        OpenId = below.Concat(Rows.Select(r => r.Id)).Cast<long?>().FirstOrDefault(id => isNew.Contains(id!.Value));
        return OpenId;
    }
}
