using Tessera.Core.Attack;
using Tessera.Core.Threats;

namespace Tessera.Core.Exposures;

/// <summary>A technique linked to an exposure, with its current coverage.</summary>
/// <param name="Origin">Where the link came from (<see cref="ExposureTechniqueLink.Origin"/>: <c>import</c>, <c>manual</c>, <c>ctid-kev</c> …).</param>
public sealed record LinkedTechnique(TechniqueId Id, ExposureMappingType Type, TechniqueCoverageLevel Coverage, string Origin = "");

/// <summary>An exposure in the exposure queue.</summary>
/// <param name="Severity">Severity term in (0, 1]: CVSS ÷ 10 when known, else 0.25 per band (low 0.25 … critical 1).</param>
/// <param name="CoverageBoost">max over linked techniques of mapping weight × uncovered, in [0, 1].</param>
public sealed record RankedExposure(Exposure Exposure, double Score, double Severity, double CoverageBoost, IReadOnlyList<LinkedTechnique> Techniques);

/// <summary>A technique lacking validated coverage, in the gap queue.</summary>
/// <param name="Uncovered">Gap term: 1 none, 0.75 partial, 0.5 covered but not validated.</param>
/// <param name="ExposureBoost">ln(1 + Σ over linked exposures of severity × mapping weight).</param>
public sealed record RankedGap(TechniqueId Id, TechniqueCoverageLevel Coverage, double Score, double Uncovered, double ExposureBoost, IReadOnlyList<Exposure> Exposures);

/// <summary>
/// The two CTEM queues, as pure functions of exposures, mappings and coverage. Exposures whose techniques lack
/// validated coverage rise (nothing would see them being exploited); coverage gaps with open exposures behind
/// them rise (the door is known to be open). Both formulas are exposed for display.
/// </summary>
public static class ExposurePriority
{
    public const string ExposureFormula =
        "exposure priority = severity × (1 + max over linked techniques of mapping weight × uncovered)";

    public const string GapFormula =
        "gap priority = uncovered × (1 + ln(1 + Σ over linked exposures of severity × mapping weight))";

    /// <summary>
    /// Mapping weights: the exploitation technique is what a detection would catch first (1); the primary impact
    /// follows directly (0.8), the secondary impact later (0.5); uncategorised is vague (0.3); a manual mapping
    /// is a deliberate analyst statement (1).
    /// </summary>
    public static double MappingWeight(ExposureMappingType type) => type switch
    {
        ExposureMappingType.ExploitationTechnique or ExposureMappingType.Manual => 1.0,
        ExposureMappingType.PrimaryImpact => 0.8,
        ExposureMappingType.SecondaryImpact => 0.5,
        _ => 0.3,
    };

    /// <summary>How uncovered a level leaves a technique: validated 0, covered (untested) 0.5, partial 0.75, none 1.</summary>
    public static double Uncovered(TechniqueCoverageLevel level) => level switch
    {
        TechniqueCoverageLevel.Validated => 0,
        TechniqueCoverageLevel.Covered => 0.5,
        TechniqueCoverageLevel.Partial => 0.75,
        _ => 1,
    };

    /// <summary>Severity term: CVSS ÷ 10 when the import gave a score (finer than bands), else 0.25 per band.</summary>
    public static double SeverityWeight(Exposure exposure) =>
        exposure.Cvss is { } cvss ? Math.Clamp(cvss / 10, 0.01, 1) : (int)exposure.Severity * 0.25;

    /// <summary>The exposure queue: every exposure, highest <see cref="ExposureFormula"/> score first (ties: severity, then ID).</summary>
    public static IReadOnlyList<RankedExposure> RankExposures(IEnumerable<Exposure> exposures, KevTechniqueMap map, ITechniqueCoverageLookup coverage) =>
        exposures
            .Select(e =>
            {
                var linked = map.For(e).Select(l => new LinkedTechnique(l.Technique, l.Type, coverage.LevelOf(l.Technique), l.Origin)).ToList();
                var boost = linked.Count == 0 ? 0 : linked.Max(l => MappingWeight(l.Type) * Uncovered(l.Coverage));
                var severity = SeverityWeight(e);
                return new RankedExposure(e, severity * (1 + boost), severity, boost, linked);
            })
            .OrderByDescending(r => r.Score).ThenByDescending(r => r.Severity).ThenBy(r => r.Exposure.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The gap queue: <paramref name="candidates"/> (e.g. a target set's techniques; may be empty) plus every technique
    /// an exposure links to, minus validated ones; highest <see cref="GapFormula"/> score first (ties by ID).
    /// A gap with no exposures scores its uncovered term alone.
    /// </summary>
    public static IReadOnlyList<RankedGap> RankGaps(
        IEnumerable<TechniqueId> candidates, IEnumerable<Exposure> exposures, KevTechniqueMap map, ITechniqueCoverageLookup coverage)
    {
        var pressure = new Dictionary<TechniqueId, (double Sum, List<Exposure> Exposures)>();
        foreach (var id in candidates)
        {
            pressure.TryAdd(id, (0, []));
        }

        foreach (var exposure in exposures)
        {
            // One exposure counts once per technique, through its strongest mapping.
            foreach (var link in map.For(exposure).GroupBy(l => l.Technique).Select(g => g.MaxBy(l => MappingWeight(l.Type))!))
            {
                var entry = pressure.TryGetValue(link.Technique, out var e) ? e : (0, []);
                entry.Exposures.Add(exposure);
                pressure[link.Technique] = (entry.Sum + SeverityWeight(exposure) * MappingWeight(link.Type), entry.Exposures);
            }
        }

        var gaps = new List<RankedGap>();
        foreach (var (id, (sum, linked)) in pressure)
        {
            var level = coverage.LevelOf(id);
            if (level == TechniqueCoverageLevel.Validated)
            {
                continue;
            }

            var uncovered = Uncovered(level);
            var boost = Math.Log(1 + sum);
            gaps.Add(new RankedGap(id, level, uncovered * (1 + boost), uncovered, boost, linked));
        }

        return gaps.OrderByDescending(g => g.Score).ThenBy(g => g.Id).ToList();
    }
}
