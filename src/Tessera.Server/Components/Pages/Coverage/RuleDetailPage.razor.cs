using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Security;
using Tessera.Server.Security;

namespace Tessera.Server.Components.Pages.Coverage;

public partial class RuleDetailPage
{
    [Inject] private IRuleRegistry Registry { get; set; } = null!;
    [Inject] private Api.Coverage.CoverageWrites Writes { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = null!;
    [Parameter] public Guid Id { get; set; }

    private RegisteredRule? _rule;
    private IReadOnlyList<RuleChange> _history = [];
    private bool _loaded, _canEdit, _enabled, _saved;
    private string? _owner, _message;

    protected override async Task OnParametersSetAsync()
    {
        _canEdit = (await Auth).User.Has(Permission.ChangeRules);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _rule = await Registry.GetAsync(Id, CancellationToken.None);
        _history = _rule is null ? [] : await Registry.HistoryAsync(Id, CancellationToken.None);
        (_owner, _enabled, _loaded) = (_rule?.Rule.Owner, _rule?.Rule.Enabled ?? false, true);
    }

    private async Task SaveAsync()
    {
        if (_rule is null)
        {
            return;
        }

        // The button is hidden without the permission; CoverageWrites' check is what actually enforces it.
        var edit = new RuleEdit { Owner = _owner, ClearOwner = string.IsNullOrWhiteSpace(_owner), Enabled = _enabled };
        var result = await Writes.EditRuleAsync(Id, _rule.Version, edit, (await Auth).User, CancellationToken.None);
        (_saved, _message) = (result.Succeeded, result.Succeeded ? "Saved." : result.Message);
        await LoadAsync();
    }
}
