using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Tessera.Core.Backlog;
using Tessera.Core.Security;
using Tessera.Server.Api;
using Tessera.Server.Security;

namespace Tessera.Server.Components.Pages.Backlog;

public partial class BacklogPage
{
    // The items prerendering loaded (default filters), carried into the circuit: one page load queries once.
    [PersistentState(RestoreBehavior = RestoreBehavior.SkipLastSnapshot)] public Tessera.Core.Backlog.BacklogPage? Loaded { get; set; }

    [Inject] private IBacklogStore Store { get; set; } = null!;
    [Inject] private AuditWriter Audit { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = null!;

    private BacklogModel _model = null!;
    private bool _canEdit;

    protected override async Task OnInitializedAsync()
    {
        _model = new BacklogModel(Store, Audit);
        _canEdit = (await Auth).User.Has(Permission.ChangeCoverage);
        Loaded = await _model.LoadAsync(CancellationToken.None, Loaded);
    }

    private Task ReloadAsync() => _model.LoadAsync(CancellationToken.None);

    private async Task SaveAsync(BacklogItem item) => await _model.SaveAsync((await Auth).User, item, CancellationToken.None);
}
