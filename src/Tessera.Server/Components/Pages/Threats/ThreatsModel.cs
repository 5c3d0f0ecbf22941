using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Threats;
using Tessera.Server.Api.Threats;

namespace Tessera.Server.Components.Pages.Threats;

/// <summary>State of the Threats page, testable without rendering: the selection, the analysis and the matrix colouring.</summary>
public sealed class ThreatsModel(ThreatService threats, AttackCollection attack)
{
    // The selection the shown analysis was computed for, to say when the ticks have moved on since.
    private ThreatsUrlQuery? _computedFor;

    public AttackCollection Attack => attack;
    public IReadOnlyList<ThreatProfile> Profiles { get; } = ThreatService.Profiles(attack);
    public IReadOnlyList<string> SectorTags => ThreatTags.Merge([], Profiles.SelectMany(p => p.Sectors));
    public HashSet<string> Selected { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Sectors { get; } = new(StringComparer.Ordinal);
    public string Search { get; set; } = "";
    public string Mode { get; set; } = "actor";
    public string CustomIds { get; set; } = "";
    public string? LayerJson { get; set; }
    public string? LayerName { get; set; }
    public MatrixColouring Colouring { get; set; } = MatrixColouring.Coverage;
    public ThreatAnalysis? Analysis { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>What the current URL named that does not exist; cleared once the page writes its own URL.</summary>
    public IReadOnlyList<ThreatsUrlError> UrlErrors { get; private set; } = [];

    public IReadOnlyList<PickSection> Sections => ThreatPickList.Sections(Profiles, Selected, Search);

    public ThreatsUrlState UrlState => new() { Mode = Mode, Actors = Selected.ToList(), Sectors = Sectors.ToList(), Colouring = Colouring };

    /// <summary>True when an analysis is shown but the mode, actors or sectors have changed since it was computed.</summary>
    public bool IsStale => Analysis is not null && _computedFor != SelectionQuery();

    /// <summary>
    /// Selects what a URL names (replacing the selection and dropping the analysis of the previous one) and keeps its
    /// errors; returns whether there is anything to compute.
    /// </summary>
    public bool ApplyUrl(ThreatsUrlQuery query)
    {
        Analysis = null;
        Errors = [];
        var parsed = ThreatsUrl.Parse(query, Profiles, SectorTags, attack.Info.Key);
        Selected.Clear();
        Selected.UnionWith(parsed.State.Actors);
        Sectors.Clear();
        Sectors.UnionWith(parsed.State.Sectors);
        Mode = parsed.State.Mode;
        Colouring = parsed.State.Colouring;
        UrlErrors = parsed.Errors;
        return parsed.State.HasSelection;
    }

    public void ClearUrlErrors() => UrlErrors = [];

    public static void Toggle(HashSet<string> set, string value)
    {
        if (!set.Remove(value))
        {
            set.Add(value);
        }
    }

    public async Task ComputeAsync(CancellationToken ct)
    {
        var selection = new ThreatSelection
        {
            Mode = Mode, Groups = Selected.ToList(), Sectors = Sectors.ToList(), CustomName = "pasted list",
            CustomIds = string.IsNullOrWhiteSpace(CustomIds) ? null : CustomIds, LayerJson = LayerJson,
        };
        var (analysis, errors) = await threats.AnalyseAsync(attack, selection, ct);
        Analysis = analysis;
        _computedFor = SelectionQuery();
        Errors = errors.SelectMany(e => e.Value).ToList();
    }

    /// <summary>
    /// Coverage colours by the engine's state classes; the other dimensions by five heat steps of their [0, 1] value
    /// (heat-0 is "none": no selected actor uses it, or priority 0).
    /// </summary>
    public string? CellClass(Technique technique)
    {
        if (Analysis is not { } a || !a.Dimensions.TryGetValue(technique.Id, out var row))
        {
            return null;
        }

        var targeted = row.ActorCount > 0 ? " targeted" : "";
        return Colouring == MatrixColouring.Coverage
            ? "state-" + a.StateOf(technique.Id).Slug() + targeted
            : $"heat-{(int)Math.Ceiling(Math.Clamp(row.ValueFor(Colouring), 0, 1) * 4)}{targeted}";
    }

    public int ActorCount(Technique technique) =>
        Analysis is { } a && a.Dimensions.TryGetValue(technique.Id, out var row) ? row.ActorCount : 0;

    private ThreatsUrlQuery SelectionQuery() => ThreatsUrl.ToQuery(UrlState with { Colouring = MatrixColouring.Coverage });
}
