using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Tessera.Core.Incidents;
using Tessera.Core.Security;
using Tessera.Server.Security;

namespace Tessera.Server.Components.Pages.Incidents;

public partial class IncidentDetail
{
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
        _incident = await Store.FindAsync(Id, CancellationToken.None);
        _missing = _incident is null;
    }

    private void Changed(Incident incident) => _incident = incident;
}
