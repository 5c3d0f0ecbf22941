using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Tessera.Core.Coverage;
using Tessera.Core.Security;
using Tessera.Server.Security;

namespace Tessera.Server.Components.Pages.Coverage;

public partial class DataSourcesPage
{
    [Inject] private IDataSourceInventory Inventory { get; set; } = null!;
    [Inject] private Api.Coverage.CoverageWrites Writes { get; set; } = null!;
    [Inject] private Knowledge.KnowledgeBaseHost Knowledge { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = null!;

    // The inventory prerendering loaded, carried into the circuit: one page load queries once, with no loading note between.
    [PersistentState(RestoreBehavior = RestoreBehavior.SkipLastSnapshot)] public IReadOnlyList<DataSourceEntry>? Sources { get; set; }

    private readonly Dictionary<Guid, DataSourceStatus> _next = [];
    private readonly Dictionary<Guid, string> _reason = [];
    private bool _canChange;
    private string? _message;

    protected override async Task OnInitializedAsync()
    {
        _canChange = (await Auth).User.Has(Permission.ChangeCoverage);
        await LoadAsync(Sources);
    }

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "–";

    // Inventories name data components by ID (DC0032); the name comes from the newest Enterprise release that has it.
    private string ComponentName(string id) =>
        Knowledge.Latest(Tessera.Core.Attack.AttackDomain.Enterprise)?.DataComponents.FirstOrDefault(c => c.AttackId == id)?.Name
        ?? "not in the loaded ATT&CK release";

    private Task LoadAsync() => LoadAsync(null);

    private async Task LoadAsync(IReadOnlyList<DataSourceEntry>? loaded)
    {
        Sources = loaded ?? await Inventory.ListAsync(CancellationToken.None);
        foreach (var s in Sources)
        {
            _next[s.Id] = s.Status;
            _reason.TryAdd(s.Id, "");
        }
    }

    private async Task ChangeAsync(DataSourceEntry source)
    {
        // CoverageWrites checks the permission too: the hidden controls are not what enforces it.
        var result = await Writes.ChangeDataSourceStatusAsync(source.Id, source.Version, _next[source.Id], null, _reason[source.Id],
            (await Auth).User, CancellationToken.None);
        _message = result.Succeeded ? null : result.Message;
        if (result.Succeeded)
        {
            _reason[source.Id] = "";
        }

        await LoadAsync();
    }
}
