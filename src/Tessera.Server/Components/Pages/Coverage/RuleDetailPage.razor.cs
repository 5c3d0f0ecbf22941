using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Security;
using Tessera.Server.Components.Shared;
using Tessera.Server.Security;

namespace Tessera.Server.Components.Pages.Coverage;

public partial class RuleDetailPage
{
    [Inject] private IRuleRegistry Registry { get; set; } = null!;
    [Inject] private Api.Coverage.CoverageWrites Writes { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = null!;
    [Parameter] public Guid Id { get; set; }

    /// <summary>The rule and its history as one value, so prerendering can hand both to the circuit.</summary>
    public sealed record RuleView(RegisteredRule? Rule, IReadOnlyList<RuleChange> History);

    // What prerendering loaded for this rule, carried into the circuit: its first render shows it without a second read.
    [PersistentState(RestoreBehavior = RestoreBehavior.SkipLastSnapshot)] public LoadedFor<RuleView>? Loaded { get; set; }

    private bool _restoredTaken;
    private RegisteredRule? _rule;
    private IReadOnlyList<RuleChange> _history = [];
    private bool _loaded, _canEdit, _enabled, _saved;
    private string? _owner, _message;

    protected override async Task OnParametersSetAsync()
    {
        _canEdit = (await Auth).User.Has(Permission.ChangeRules);
        // Only the first parameters may take what prerendering loaded; a later visit (another rule, or this one again) reads.
        await LoadAsync(_restoredTaken ? null : Loaded);
        _restoredTaken = true;
    }

    private Task LoadAsync() => LoadAsync(null);

    private async Task LoadAsync(LoadedFor<RuleView>? restored)
    {
        Loaded = await LoadedFor<RuleView>.ReuseOrLoadAsync(restored, Id.ToString(), async () =>
        {
            var rule = await Registry.GetAsync(Id, CancellationToken.None);
            return new RuleView(rule, rule is null ? [] : await Registry.HistoryAsync(Id, CancellationToken.None));
        });
        (_rule, _history) = (Loaded.Value.Rule, Loaded.Value.History);
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
