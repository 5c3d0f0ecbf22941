using Tessera.Core.Incidents;

namespace Tessera.Server.Components.Incidents;

/// <summary>
/// What alert triage shows about incidents for one page of alerts: which incidents each alert is attached to, and the
/// open incidents an analyst can pick (newest first) to attach to.
/// </summary>
public sealed class AlertIncidentLinks
{
    /// <summary>Picker entries: the newest open incidents; older ones are still reachable by typing their number.</summary>
    public const int MaxPicks = 50;

    private readonly ILookup<long, IncidentAlert> _byAlert;

    private AlertIncidentLinks(IReadOnlyList<Incident> open, IEnumerable<IncidentAlert> attachments)
    {
        Open = open;
        _byAlert = attachments.Where(a => a.AlertRecordId is not null).ToLookup(a => a.AlertRecordId!.Value);
    }

    public static AlertIncidentLinks Empty { get; } = new([], []);

    public IReadOnlyList<Incident> Open { get; }

    public IReadOnlyList<long> IncidentsOf(long alertRecordId) => _byAlert[alertRecordId].Select(a => a.IncidentId).Distinct().ToList();

    public static async Task<AlertIncidentLinks> LoadAsync(IIncidentStore store, IReadOnlyCollection<long> alertRecordIds, CancellationToken ct)
    {
        var open = await store.ListAsync(new IncidentQuery
        {
            States = [IncidentState.New, IncidentState.InProgress, IncidentState.Contained], Take = MaxPicks,
        }, ct);
        return new AlertIncidentLinks(open.Items, await store.AttachmentsOfAsync(alertRecordIds, ct));
    }
}
