using Microsoft.AspNetCore.Components;

namespace Tessera.Server.Components.Pages.Coverage;

public partial class CoverageDashboard : IDisposable
{
    private readonly CancellationTokenSource _cts = new();

    [Inject] private Tessera.Server.Components.Coverage.CoverageViewService Views { get; set; } = null!;

    private DashboardModel Model { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        Model = new DashboardModel(Views, StateHasChanged, _cts.Token);
        await Model.RecomputeAsync();
    }

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }
}
