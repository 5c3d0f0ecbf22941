using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Threats;
using Tessera.Server.Api.Threats;

namespace Tessera.Server.Components.Pages.Threats;

/// <summary>State of the Threats page, testable without rendering: the selection, the analysis and the matrix colouring.</summary>
public sealed class ThreatsModel(ThreatService threats, AttackCollection attack)
{
    /// <summary>Profiles listed at once: the full list (~180) is searchable; a long unfiltered list helps nobody.</summary>
    public const int ListLimit = 40;

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

    public IReadOnlyList<ThreatProfile> Listed => Profiles
        .Where(p => Selected.Contains(p.Id) || Search.Length == 0
            || p.Name.Contains(Search, StringComparison.OrdinalIgnoreCase) || p.Id.Contains(Search, StringComparison.OrdinalIgnoreCase))
        .OrderByDescending(p => Selected.Contains(p.Id)).ThenBy(p => p.Id, StringComparer.Ordinal)
        .Take(ListLimit).ToList();

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
}
