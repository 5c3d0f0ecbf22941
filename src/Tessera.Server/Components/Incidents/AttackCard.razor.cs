using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Tessera.Core.Attack;
using Tessera.Core.Incidents;
using Tessera.Core.Security;
using Tessera.Server.Api;
using Tessera.Server.Api.Incidents;
using Tessera.Server.Components.Shared;
using Tessera.Server.Security;

namespace Tessera.Server.Components.Incidents;

/// <summary>
/// Loads the card rows, and saves associations and removals through <see cref="IncidentService"/> after checking
/// the user's permission (the page also hides the controls). Every change is audited like the API does.
/// </summary>
public partial class AttackCard : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private CardModel? _model;
    private IReadOnlyList<AttackCollection> _sources = [];
    private string? _error;
    private bool _picking;
    private long _loadedVersion = -1;

    /// <summary>The card's rows and the keys of the active sources, as read for one version of the incident.</summary>
    public sealed record CardData(IReadOnlyList<CardTechnique> Rows, IReadOnlyList<string> ActiveSources);

    // What prerendering read for this incident version, carried into the circuit: the card shows it without reading again.
    [PersistentState(RestoreBehavior = RestoreBehavior.SkipLastSnapshot)] public LoadedFor<CardData>? Loaded { get; set; }

    [Parameter, EditorRequired] public required Incident Incident { get; set; }
    [Parameter] public bool CanEdit { get; set; }
    [Parameter] public EventCallback<Incident> IncidentChanged { get; set; }
    [CascadingParameter] private Task<AuthenticationState>? Auth { get; set; }

    [Inject] private IncidentCardReader Cards { get; set; } = null!;
    [Inject] private IncidentService Incidents { get; set; } = null!;
    [Inject] private AuditWriter Audit { get; set; } = null!;
    [Inject] private AttackSourceCatalog Catalog { get; set; } = null!;

    protected override async Task OnParametersSetAsync()
    {
        if (Incident.Version == _loadedVersion)
        {
            return;
        }

        // Only the first parameters may take what prerendering read; a later version of the incident reads again.
        var restored = _loadedVersion == -1 ? Loaded : null;
        _loadedVersion = Incident.Version;
        Loaded = await LoadedFor<CardData>.ReuseOrLoadAsync(restored, $"{Incident.Id}@{Incident.Version}", async () =>
            new CardData(await Cards.RowsAsync(Incident.Id, _cts.Token), (await Catalog.ActiveAsync(_cts.Token)).Select(c => c.Info.Key).ToList()));
        _sources = Loaded.Value.ActiveSources.Select(Catalog.Loaded).OfType<AttackCollection>().ToList();
        var rows = Loaded.Value.Rows;
        var loaded = _sources.ToDictionary(s => s.Info.Key, StringComparer.OrdinalIgnoreCase);
        var previous = _model;
        _model = new CardModel(rows, key => loaded.GetValueOrDefault(key) ?? Catalog.Loaded(key))
        {
            ListView = previous?.ListView ?? false, ShowOrigin = previous?.ShowOrigin ?? false, ShowId = previous?.ShowId ?? false,
            SourceKey = previous?.SourceKey, Filter = previous?.Filter ?? "", SortBy = previous?.SortBy ?? "technique", Descending = previous?.Descending ?? false,
        };
    }

    private Task AssociateAsync(AssociationRequest request) =>
        SaveAsync("incident.associations.add", actor => Incidents.AssociateAsync(Incident.Id, Incident.Version, [request], actor, _cts.Token));

    private Task RemoveAsync(AssociationRemoval removal) =>
        SaveAsync("incident.associations.remove", actor => Incidents.RemoveAsync(Incident.Id, Incident.Version, removal, actor, _cts.Token));

    private async Task SaveAsync(string action, Func<string, Task<IncidentResult<Incident>>> write)
    {
        var user = (await Auth!).User;
        if (!user.Has(Permission.ChangeAssociations))
        {
            _error = "Your role may read ATT&CK associations but not change them.";
            return;
        }

        var before = _model?.Rows ?? [];
        var result = await write(user.Identity?.Name ?? "?");
        if (!result.IsOk)
        {
            _error = result.Message + (result.Errors.Count > 1 ? " " + string.Join(" ", result.Errors.Select(e => e.Message)) : "");
            if (result.Current is { } current)
            {
                await IncidentChanged.InvokeAsync(current);
            }

            return;
        }

        _error = null;
        _picking = false;
        var after = await Cards.RowsAsync(Incident.Id, _cts.Token);
        await Audit.WriteAsync(user, action, "incident", Incident.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            before.Select(CardRowView.Of), after.Select(CardRowView.Of), _cts.Token);
        await IncidentApi.AuditRollupsAsync(Audit, user, result.Rollups, _cts.Token);
        await IncidentChanged.InvokeAsync(result.Value!);
    }

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
        GC.SuppressFinalize(this);
    }
}
