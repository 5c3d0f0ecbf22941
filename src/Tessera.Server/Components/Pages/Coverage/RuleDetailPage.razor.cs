using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Security;
using Tessera.Server.Api;
using Tessera.Server.Security;

namespace Tessera.Server.Components.Pages.Coverage;

public partial class RuleDetailPage
{
    [Inject] private IRuleRegistry Registry { get; set; } = null!;
    [Inject] private AuditWriter Audit { get; set; } = null!;
    [Inject] private Api.Coverage.CoverageWatch Watch { get; set; } = null!;
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
        var user = (await Auth).User;
        // The button is hidden without the permission; the check here is what actually enforces it.
        if (!user.Has(Permission.ChangeRules) || _rule is null)
        {
            (_saved, _message) = (false, "Your role cannot change rules.");
            return;
        }

        var edit = new RuleEdit { Owner = _owner, ClearOwner = string.IsNullOrWhiteSpace(_owner), Enabled = _enabled };
        var baseline = await Watch.CaptureAsync(CancellationToken.None);
        var result = await Registry.EditAsync(Id, _rule.Version, edit, user.Identity?.Name, CancellationToken.None);
        if (result.IsSaved)
        {
            await Audit.WriteAsync(user, "rule.edit", "rule", Id.ToString(), new { _rule.Rule.Owner, _rule.Rule.Enabled },
                new { result.Value!.Rule.Owner, result.Value.Rule.Enabled }, CancellationToken.None);
            await Watch.ProcessAsync(baseline, "rule.edit", user, CancellationToken.None);
        }

        (_saved, _message) = (result.IsSaved, result.IsSaved ? "Saved." : result.Message);
        await LoadAsync();
    }
}
