using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Tessera.Core.Coverage;
using Tessera.Core.Security;
using Tessera.Server.Api;
using Tessera.Server.Security;

namespace Tessera.Server.Components.Pages.Coverage;

public partial class DataSourcesPage
{
    [Inject] private IDataSourceInventory Inventory { get; set; } = null!;
    [Inject] private AuditWriter Audit { get; set; } = null!;
    [Inject] private Api.Coverage.CoverageWatch Watch { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = null!;

    private IReadOnlyList<DataSourceEntry> _sources = [];
    private readonly Dictionary<Guid, DataSourceStatus> _next = [];
    private readonly Dictionary<Guid, string> _reason = [];
    private bool _canChange;
    private string? _message;

    protected override async Task OnInitializedAsync()
    {
        _canChange = (await Auth).User.Has(Permission.ChangeCoverage);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _sources = await Inventory.ListAsync(CancellationToken.None);
        foreach (var s in _sources)
        {
            _next[s.Id] = s.Status;
            _reason.TryAdd(s.Id, "");
        }
    }

    private async Task ChangeAsync(DataSourceEntry source)
    {
        var user = (await Auth).User;
        if (!user.Has(Permission.ChangeCoverage))
        {
            _message = "Your role cannot change data sources.";
            return;
        }

        if (string.IsNullOrWhiteSpace(_reason[source.Id]))
        {
            _message = "Give a reason: a degradation or drop is dated and explained.";
            return;
        }

        var baseline = await Watch.CaptureAsync(CancellationToken.None);
        var result = await Inventory.ChangeStatusAsync(source.Id, source.Version, _next[source.Id], Time.GetUtcNow(), _reason[source.Id].Trim(), user.Identity?.Name, CancellationToken.None);
        _message = result.IsSaved ? null : result.Message;
        if (result.IsSaved)
        {
            await Audit.WriteAsync(user, "datasource.status", "datasource", source.Id.ToString(), source, result.Value, CancellationToken.None);
            await Watch.ProcessAsync(baseline, "datasource.status", user, CancellationToken.None);
            _reason[source.Id] = "";
        }

        await LoadAsync();
    }
}
