using Microsoft.AspNetCore.Components;
using Tessera.Core.Detection.Registry;

namespace Tessera.Server.Components.Pages.Coverage;

public partial class RulesPage
{
    [Inject] private IRuleRegistry Registry { get; set; } = null!;
    [Inject] private Tessera.Server.Components.Coverage.CoverageViewService Views { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "owner")] public string? OwnerQuery { get; set; }
    [SupplyParameterFromQuery(Name = "tactic")] public string? TacticQuery { get; set; }
    [SupplyParameterFromQuery(Name = "dataSource")] public string? DataSourceQuery { get; set; }
    // Text, parsed here: a typed int? made "?notTestedDays=abc" an unhandled 500 during parameter binding.
    [SupplyParameterFromQuery(Name = "notTestedDays")] public string? DaysText { get; set; }
    private int? DaysQuery => int.TryParse(DaysText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days) ? days : null;

    private RulesModel Model { get; set; } = null!;

    // The first page of results prerendering found for the address's filters, carried into the circuit: one page load
    // searches once, and the table stays in place.
    [PersistentState(RestoreBehavior = RestoreBehavior.SkipLastSnapshot)] public RulePage? Loaded { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Model = new RulesModel(Registry, Views, Time)
        {
            Owner = OwnerQuery ?? "", Tactic = TacticQuery ?? "", DataSource = DataSourceQuery ?? "", NotTestedDays = DaysQuery,
        };
        await Model.SearchAsync(0, Loaded);
        Loaded = Model.Page;
    }
}
