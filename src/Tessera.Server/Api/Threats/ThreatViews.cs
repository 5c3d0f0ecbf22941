using System.Text.Json;
using Tessera.Core.Coverage;
using Tessera.Core.Threats;

namespace Tessera.Server.Api.Threats;

public sealed record ThreatProfileView(
    string Id, string Name, string Kind, IReadOnlyList<string> Aliases, IReadOnlyList<string> Sectors, IReadOnlyList<string> Regions, int Techniques)
{
    public static ThreatProfileView Of(ThreatProfile p) => new(p.Id, p.Name, p.Kind.ToString(), p.Aliases, p.Sectors, p.Regions, p.Techniques.Count);
}

/// <summary>Profiles and every sector/region tag in use. Tags are a keyword heuristic over ATT&amp;CK descriptions (see SectorTagger).</summary>
public sealed record ThreatProfilesView(string Collection, IReadOnlyList<string> Sectors, IReadOnlyList<string> Regions, IReadOnlyList<ThreatProfileView> Profiles);

/// <summary>Body of <c>POST /api/v1/threats/target-set</c>; <c>layer</c> is a Navigator layer object.</summary>
public sealed record TargetSetRequest(
    string? Mode, IReadOnlyList<string>? Groups, IReadOnlyList<string>? Sectors, IReadOnlyList<string>? Regions,
    string? CustomName, string? CustomIds, JsonElement? Layer)
{
    public ThreatSelection ToSelection() => new()
    {
        Mode = Mode ?? "actor", Groups = Groups ?? [], Sectors = Sectors ?? [], Regions = Regions ?? [], CustomName = CustomName, CustomIds = CustomIds,
        LayerJson = Layer is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } layer ? layer.GetRawText() : null,
    };
}

/// <summary>One ranked technique: target weight and relevance, who uses it, our coverage and its priority score.</summary>
public sealed record RankedTechniqueView(
    string Id, string? Name, bool KnownInRelease, double Weight, double Relevance, IReadOnlyList<string> Actors,
    string Coverage, string CoverageState, double Priority);

public sealed record GapView(string Id, string? Name, string Coverage, string CoverageState, double Weight);

public sealed record ActorCoverageView(string Id, string Name, string Kind, CoverageSummary Summary, IReadOnlyList<GapView> Gaps);

public sealed record TargetSetView(
    string Collection, string Mode, string WeightFormula, string PriorityFormula, IReadOnlyList<string> PriorityTerms,
    CoverageSummary Overall, IReadOnlyList<ActorCoverageView> Actors, IReadOnlyList<RankedTechniqueView> Techniques,
    IReadOnlyList<string> Notices)
{
    public static TargetSetView Of(ThreatAnalysis a)
    {
        var set = a.Report.TargetSet;
        GapView Gap(CoverageGap g) => new(g.Technique.Id.Value, g.Technique.Name, g.Level.ToString(), a.StateOf(g.Technique.Id).Slug(), g.Technique.Weight);
        return new TargetSetView(
            a.Attack.Info.Key, set.Kind.ToString(), set.Formula, a.Score.Formula, a.Score.TermDefinitions, a.Report.Overall,
            a.Report.Actors.Select(x => new ActorCoverageView(x.Actor.Id, x.Actor.Name, x.Actor.Kind.ToString(), x.Summary, x.Gaps.Select(Gap).ToList())).ToList(),
            set.Techniques.Select(t => new RankedTechniqueView(
                t.Id.Value, t.Name, t.KnownInRelease, t.Weight, t.Relevance, t.Actors.Select(u => u.ProfileId).ToList(),
                a.Dimensions[t.Id].Coverage.ToString(), a.StateOf(t.Id).Slug(), a.Dimensions[t.Id].Priority.Score)).ToList(),
            a.Notices);
    }
}
