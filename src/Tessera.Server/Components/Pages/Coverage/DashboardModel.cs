using Tessera.Core.Coverage;
using Tessera.Server.Components.Coverage;

namespace Tessera.Server.Components.Pages.Coverage;

/// <summary>
/// State of the coverage dashboard, testable without rendering: owner and data source filters recompute coverage
/// (they decide which rules count); tactic, platform and state filters only change which techniques are listed.
/// </summary>
public sealed class DashboardModel(CoverageViewService views, Action changed, CancellationToken ct)
{
    public CoverageReport? Report { get; private set; }
    public IReadOnlyList<CoverageSnapshot> Trend { get; private set; } = [];
    public IReadOnlyList<MatrixColumn> Columns { get; private set; } = [];
    public bool Loading { get; private set; } = true;
    public string Tactic { get; set; } = "";
    public string Platform { get; set; } = "";
    public string DataSource { get; set; } = "";
    public string Owner { get; set; } = "";
    public string StateText { get; set; } = "";

    // Option lists come from the unfiltered report so a filter never hides its own alternatives.
    public IReadOnlyList<string> Tactics { get; private set; } = [];
    public IReadOnlyList<string> Platforms { get; private set; } = [];
    public IReadOnlyList<string> DataSources { get; private set; } = [];
    public IReadOnlyList<string> Owners { get; private set; } = [];

    public CoverageCounts All => Report!.Summarize(CoverageScope.All);
    public CoverageCounts Priority => Report!.Summarize(CoverageScope.Priority);

    public CoverageFilter Filter => new()
    {
        Tactic = Blank(Tactic), Platform = Blank(Platform), DataSource = Blank(DataSource), Owner = Blank(Owner),
        State = CoverageStates.TryParse(StateText, out var s) ? s : null,
    };

    public async Task RecomputeAsync()
    {
        Loading = true;
        var result = await views.DashboardAsync(Filter, ct);
        Loading = false;
        if (result is not { } r)
        {
            return;
        }

        (Report, Trend) = r;
        if (Tactics.Count == 0)
        {
            Tactics = CoverageEngine.TacticOrder(views.Attack!);
            Platforms = r.Report.ByPlatform.Select(p => p.Key).ToList();
            DataSources = r.Report.ByDataSource.OrderByDescending(d => d.Rules).Take(60).Select(d => d.Key).Order(StringComparer.OrdinalIgnoreCase).ToList();
            Owners = r.Report.ByOwner.Select(o => o.Key).Where(k => k != "(no owner)").ToList();
        }

        ApplyListingFilters();
    }

    public void ApplyListingFilters()
    {
        if (Report is not null && views.Attack is { } attack)
        {
            Columns = CoverageMatrixModel.Build(Report, CoverageEngine.TacticOrder(attack), Filter);
        }

        changed();
    }

    public void ToggleState(CoverageState state)
    {
        StateText = StateText == state.Slug() ? "" : state.Slug();
        ApplyListingFilters();
    }

    /// <summary>The export endpoint with the current filters, so the download matches what is on screen.</summary>
    public string ExportLink(string kind)
    {
        var pairs = new[] { ("format", kind == "layer" ? "" : kind), ("tactic", Tactic), ("platform", Platform), ("dataSource", DataSource), ("owner", Owner), ("state", StateText) }
            .Where(p => p.Item2.Length > 0).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}").ToList();
        var path = kind == "layer" ? "api/v1/coverage/layer" : "api/v1/coverage/export";
        // No trailing "&" or "?" when nothing is filtered.
        return pairs.Count == 0 ? path : $"{path}?{string.Join('&', pairs)}";
    }

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
