using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Tessera.Core.Attack;
using Tessera.Core.Navigator;
using Tessera.Server.Api.Threats;
using Tessera.Server.Knowledge;

namespace Tessera.Server.Components.Pages.Threats;

/// <summary>
/// The page keeps mode, ticks and colouring in its URL (see <see cref="ThreatsUrl"/>): each change rewrites it in
/// place, and a URL opened or navigated to selects what it names and computes at once.
/// </summary>
public partial class ThreatsPage : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private ThreatsUrlQuery? _applied;
    private bool _computingUrl;

    [Inject] private ThreatService Threats { get; set; } = null!;

    [Inject] private KnowledgeBaseHost Knowledge { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "actors")] public string? ActorsQuery { get; set; }
    [SupplyParameterFromQuery(Name = "sectors")] public string? SectorsQuery { get; set; }
    [SupplyParameterFromQuery(Name = "mode")] public string? ModeQuery { get; set; }
    [SupplyParameterFromQuery(Name = "colouring")] public string? ColouringQuery { get; set; }

    private ThreatsModel? Model { get; set; }

    private MatrixLayout? Layout { get; set; }

    protected override void OnInitialized()
    {
        if (Knowledge.Latest(AttackDomain.Enterprise) is { } attack)
        {
            Model = new ThreatsModel(Threats, attack);
            Layout = attack.Matrix();
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        var query = new ThreatsUrlQuery(ActorsQuery, SectorsQuery, ModeQuery, ColouringQuery);
        if (Model is null || query == _applied)
        {
            return;
        }

        _applied = query;
        if (query == ThreatsUrl.ToQuery(Model.UrlState))
        {
            // The page's own rewrite after a tick (or a bare /threats): the state is already there, and the URL no longer names anything unknown.
            Model.ClearUrlErrors();
            return;
        }

        // Prerendering only selects; the interactive render that follows computes, so one page load computes once.
        _computingUrl = Model.ApplyUrl(query);
        if (_computingUrl && RendererInfo.IsInteractive)
        {
            await Model.ComputeAsync(_cts.Token);
            _computingUrl = false;
        }
    }

    private void Toggle(HashSet<string> set, string value)
    {
        ThreatsModel.Toggle(set, value);
        UrlChanged();
    }

    // Replace, not push: every tick is not worth a Back-button step; the URL is for bookmarking and sharing.
    private void UrlChanged() => Navigation.NavigateTo(ThreatsUrl.Format(Model!.UrlState), replace: true);

    private Task ComputeAsync() => Model!.ComputeAsync(_cts.Token);

    private async Task LoadLayerAsync(InputFileChangeEventArgs e)
    {
        using var reader = new StreamReader(e.File.OpenReadStream(LayerReader.MaxLayerBytes, _cts.Token));
        Model!.LayerJson = await reader.ReadToEndAsync(_cts.Token);
        Model.LayerName = e.File.Name;
    }

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }
}
