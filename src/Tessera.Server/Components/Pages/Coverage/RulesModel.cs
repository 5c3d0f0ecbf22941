using Tessera.Core.Attack;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Server.Components.Coverage;

namespace Tessera.Server.Components.Pages.Coverage;

/// <summary>Registry page state: the filters of the brief's questions ("validated rules covering Credential Access", "owned by X, not tested in 90 days").</summary>
public sealed class RulesModel(IRuleRegistry registry, CoverageViewService views, TimeProvider time)
{
    public const int PageSize = 50;

    public string Text { get; set; } = "";
    public string Tactic { get; set; } = "";
    public string Owner { get; set; } = "";
    public string DataSource { get; set; } = "";
    public string Validation { get; set; } = "";
    public int? NotTestedDays { get; set; }
    public int Skip { get; private set; }
    public RulePage? Page { get; private set; }

    /// <summary>Why the tactic filter selects nothing (it names no tactic), or null.</summary>
    public string? TacticProblem { get; private set; }

    /// <summary>Runs the search, or takes <paramref name="loaded"/> (what prerendering found for the same filters) when given.</summary>
    public async Task SearchAsync(int skip, RulePage? loaded = null)
    {
        Skip = skip;
        TacticProblem = null;
        // As GET /rules reads it (one rule, TacticFilter): a short name in any case or an ID (TA0006), blank for none; a
        // typo is said, not answered "0 rules" as if nothing covered the tactic.
        if (Api.TacticFilter.Check(Tactic, TacticNames.Of(views.Attack is { } attack ? [attack] : []), out var tactic) is { } errors)
        {
            TacticProblem = $"Tactic {errors[0]}; {errors[1]}.";
            Page = new RulePage([], 0);
            return;
        }

        Page = loaded ?? await registry.QueryAsync(new RuleQuery
        {
            Text = Blank(Text), Owner = Blank(Owner), DataSource = Blank(DataSource), Tactic = tactic,
            // A tactic also selects rules tagged only with techniques that belong to it.
            Techniques = tactic is null ? null : views.Attack?.Techniques.Where(t => t.Tactics.Contains(tactic)).Select(t => t.Id).ToList(),
            Validation = Enum.TryParse<ValidationStatus>(Validation, out var v) ? v : null,
            NotTestedSince = NotTestedDays is { } days ? time.GetUtcNow().AddDays(-days) : null,
            Skip = skip, Take = PageSize,
        }, CancellationToken.None);
    }

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
