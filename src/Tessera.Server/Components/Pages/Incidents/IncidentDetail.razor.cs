using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Tessera.Core.Incidents;
using Tessera.Core.Security;
using Tessera.Server.Components.Shared;
using Tessera.Server.Security;

namespace Tessera.Server.Components.Pages.Incidents;

public partial class IncidentDetail
{
    // What prerendering loaded for this incident, carried into the circuit: its first render shows it without a second read.
    [PersistentState(RestoreBehavior = RestoreBehavior.SkipLastSnapshot)] public LoadedFor<Incident?>? Loaded { get; set; }

    private bool _restoredTaken;
    private Incident? _incident;
    private bool _missing;
    private bool _canEditFields;
    private bool _canAssociate;

    [Parameter] public long Id { get; set; }
    [CascadingParameter] private Task<AuthenticationState>? Auth { get; set; }
    [Inject] private IIncidentStore Store { get; set; } = null!;

    protected override async Task OnParametersSetAsync()
    {
        var user = (await Auth!).User;
        _canEditFields = user.Has(Permission.ChangeIncidents);
        _canAssociate = user.Has(Permission.ChangeAssociations);
        // Only the first parameters may take what prerendering loaded; a later visit (another incident, or this one again) reads.
        Loaded = await LoadedFor<Incident?>.ReuseOrLoadAsync(_restoredTaken ? null : Loaded, Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            () => Store.FindAsync(Id, CancellationToken.None));
        _restoredTaken = true;
        _incident = Loaded.Value;
        _missing = _incident is null;
    }

    private void Changed(Incident incident) => _incident = incident;
}
