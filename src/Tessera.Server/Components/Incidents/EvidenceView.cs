using Tessera.Core.Incidents;

namespace Tessera.Server.Components.Incidents;

/// <summary>One table of an incident's evidence with the derived origin each row rolls up as, and whether it is rolled up.</summary>
public sealed class EvidenceView
{
    private readonly IReadOnlySet<AssociationOrigin> _pinned;

    private EvidenceView(IReadOnlyList<EvidenceItem> items, RollupSettings settings, IReadOnlySet<AssociationOrigin> pinned)
    {
        Items = items;
        Settings = settings;
        _pinned = pinned;
    }

    public IReadOnlyList<EvidenceItem> Items { get; }
    public RollupSettings Settings { get; }

    public bool IsRolledUp(AssociationOrigin origin) => Settings.IsAutomatic(origin.Kind) || _pinned.Contains(origin);

    public static async Task<EvidenceView> LoadAsync(IIncidentStore store, IRollupSettingsSource settings, long incidentId, CancellationToken ct)
    {
        var lookups = await store.LookupsAsync(incidentId, ct);
        var items = new List<EvidenceItem>();
        foreach (var o in await store.ObservablesAsync(incidentId, ct))
        {
            var own = lookups.Where(l => l.ObservableId == o.Id).ToList();
            items.Add(new EvidenceItem($"Observable ({o.Kind})", o.Value, own.SelectMany(l => l.Techniques).Distinct().ToList(),
                own.Count > 0 ? AssociationOrigin.Observable(o.Id) : null));
            items.AddRange(own.Select(l => new EvidenceItem("  Lookup on it", $"{l.Provider}: {l.Verdict}", l.Techniques, null)));
        }

        items.AddRange(lookups.Where(l => l.ObservableId is null)
            .Select(l => new EvidenceItem("Threat lookup", $"{l.Provider}: {l.Verdict}", l.Techniques, AssociationOrigin.Lookup(l.Id))));
        items.AddRange((await store.AlertsAsync(incidentId, ct))
            .Select(a => new EvidenceItem($"Alert ({a.Source})", $"{a.AlertId} {a.Title} [{a.Rule}]", a.Techniques, AssociationOrigin.Alert(a))));
        items.AddRange((await store.ChildrenAsync(incidentId, ct))
            .Select(c => new EvidenceItem("Child incident", $"{c.Number} {c.Title}", [], AssociationOrigin.Child(c.Id))));
        return new EvidenceView(items, await settings.GetAsync(ct), (await store.PinnedOriginsAsync(incidentId, ct)).ToHashSet());
    }
}

/// <summary>One evidence row; <see cref="Origin"/> is null for rows that do not roll up on their own.</summary>
public sealed record EvidenceItem(string Kind, string Text, IReadOnlyList<string> Techniques, AssociationOrigin? Origin);
