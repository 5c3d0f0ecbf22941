using Tessera.Core.Attack;

namespace Tessera.Core.Threats;

/// <summary>Measures coverage against a <see cref="TargetSet"/>, overall and per actor.</summary>
public static class ThreatCoverage
{
    /// <summary>
    /// Looks up each target technique once and summarises: a technique counts as covered at
    /// <see cref="TechniqueCoverageLevel.Covered"/> or better; Partial and None are gaps. Per-actor gaps keep the
    /// target set's order (weight across all selected actors), so an actor's first gap is also a shared one.
    /// </summary>
    public static ThreatCoverageReport Evaluate(TargetSet set, ITechniqueCoverageLookup coverage)
    {
        var levels = new Dictionary<TechniqueId, TechniqueCoverageLevel>(set.Techniques.Count);
        var byId = new Dictionary<TechniqueId, TargetTechnique>(set.Techniques.Count);
        foreach (var technique in set.Techniques)
        {
            levels[technique.Id] = coverage.LevelOf(technique.Id);
            byId[technique.Id] = technique;
        }

        var order = RankOrder(set);
        var actors = set.Actors
            .Select(actor =>
            {
                var own = actor.Techniques.Select(t => byId[t.Id]).OrderBy(t => t, order).ToList();
                return new ActorCoverage { Actor = actor, Summary = Summarise(own, levels), Gaps = GapsOf(own, levels) };
            })
            .OrderBy(a => a.Summary.CoveredPercent).ThenBy(a => a.Actor.Id, StringComparer.Ordinal)
            .ToList();
        return new ThreatCoverageReport
        {
            TargetSet = set, Overall = Summarise(set.Techniques, levels), Gaps = GapsOf(set.Techniques, levels), Actors = actors,
        };
    }

    private static List<CoverageGap> GapsOf(IReadOnlyList<TargetTechnique> techniques, Dictionary<TechniqueId, TechniqueCoverageLevel> levels) =>
        techniques.Where(t => levels[t.Id] < TechniqueCoverageLevel.Covered).Select(t => new CoverageGap(t, levels[t.Id])).ToList();

    private static CoverageSummary Summarise(IReadOnlyList<TargetTechnique> techniques, Dictionary<TechniqueId, TechniqueCoverageLevel> levels)
    {
        var counts = new int[4];
        double total = 0, covered = 0;
        foreach (var t in techniques)
        {
            var level = levels[t.Id];
            counts[(int)level]++;
            total += t.Weight;
            covered += level >= TechniqueCoverageLevel.Covered ? t.Weight : 0;
        }

        return new CoverageSummary
        {
            Techniques = techniques.Count,
            None = counts[(int)TechniqueCoverageLevel.None],
            Partial = counts[(int)TechniqueCoverageLevel.Partial],
            Covered = counts[(int)TechniqueCoverageLevel.Covered],
            Validated = counts[(int)TechniqueCoverageLevel.Validated],
            WeightedCoveredPercent = total > 0 ? 100 * covered / total : 0,
        };
    }

    // The set is already ranked; reuse its positions rather than re-deriving the tie-breaks.
    private static Comparer<TargetTechnique> RankOrder(TargetSet set)
    {
        var rank = new Dictionary<TechniqueId, int>(set.Techniques.Count);
        for (var i = 0; i < set.Techniques.Count; i++)
        {
            rank[set.Techniques[i].Id] = i;
        }

        return Comparer<TargetTechnique>.Create((a, b) => rank[a.Id].CompareTo(rank[b.Id]));
    }
}
