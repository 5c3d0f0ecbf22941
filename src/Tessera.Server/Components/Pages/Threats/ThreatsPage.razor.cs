using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Tessera.Core.Attack;
using Tessera.Core.Navigator;
using Tessera.Server.Api.Threats;
using Tessera.Server.Knowledge;

namespace Tessera.Server.Components.Pages.Threats;

public partial class ThreatsPage : IDisposable
{
    private readonly CancellationTokenSource _cts = new();

    [Inject] private ThreatService Threats { get; set; } = null!;

    [Inject] private KnowledgeBaseHost Knowledge { get; set; } = null!;

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
