using System.Globalization;
using Tessera.Core.Attack;

namespace Tessera.Core.Threats;

/// <summary>The four facts combined into a technique's priority.</summary>
/// <param name="ActorRelevance">Target-set relevance in [0, 1] (<see cref="TargetTechnique.Relevance"/>; 0 when no actor uses it).</param>
public sealed record PriorityInput(TechniqueId Id, double ActorRelevance, TechniqueCoverageLevel Coverage, int IncidentCount, int ExposureCount);

/// <summary>One term of a priority score: its raw input, its value in [0, 1], its weight and their product.</summary>
public sealed record PriorityTerm(string Name, double Weight, double Input, double Value)
{
    public double Contribution => Weight * Value;
}

/// <summary>A technique's priority in [0, 1] with the terms that make it up.</summary>
public sealed record TechniquePriority(TechniqueId Id, double Score, IReadOnlyList<PriorityTerm> Terms);

/// <summary>
/// Combined per-technique priority:
/// <c>priority = wa·actor + wg·gap + we·exposure + wi·incidents</c> with weights normalised to sum to 1 and each
/// term in [0, 1]: actor = relevance in the target set; gap = 1 − level/3 (None 1, Partial ⅔, Covered ⅓,
/// Validated 0); exposure = n/(n+h) and incidents = n/(n+h), saturating so one noisy source cannot dominate.
/// <see cref="Formula"/> renders this with the configured numbers so the UI can show it.
/// </summary>
public sealed class PriorityScore
{
    public const string ActorTerm = "actor";
    public const string GapTerm = "gap";
    public const string ExposureTerm = "exposure";
    public const string IncidentTerm = "incidents";

    private readonly double _actor, _gap, _exposure, _incidents;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for negative weights, an all-zero weight set or non-positive saturation points.</summary>
    public PriorityScore(PriorityWeights? weights = null)
    {
        Weights = weights ?? PriorityWeights.Default;
        if (Weights is { Actor: < 0 } or { Gap: < 0 } or { Exposure: < 0 } or { Incidents: < 0 } || Weights.Sum <= 0
            || Weights.ExposureHalfSaturation <= 0 || Weights.IncidentHalfSaturation <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weights), "weights must be non-negative with a positive sum; saturation points positive");
        }

        _actor = Weights.Actor / Weights.Sum;
        _gap = Weights.Gap / Weights.Sum;
        _exposure = Weights.Exposure / Weights.Sum;
        _incidents = Weights.Incidents / Weights.Sum;
    }

    public PriorityWeights Weights { get; }

    /// <summary>The formula with the normalised weights, e.g. <c>priority = 0.40·actor + 0.30·gap + 0.20·exposure + 0.10·incidents</c>.</summary>
    public string Formula => string.Create(CultureInfo.InvariantCulture,
        $"priority = {_actor:0.00}·{ActorTerm} + {_gap:0.00}·{GapTerm} + {_exposure:0.00}·{ExposureTerm} + {_incidents:0.00}·{IncidentTerm}");

    /// <summary>What each term means, for a legend under the formula.</summary>
    public IReadOnlyList<string> TermDefinitions =>
    [
        $"{ActorTerm} = target-set weight ÷ largest weight (0 when no selected actor uses it)",
        $"{GapTerm} = 1 − coverage level ÷ 3 (none 1, partial 0.67, covered 0.33, validated 0)",
        FormattableString.Invariant($"{ExposureTerm} = n ÷ (n + {Weights.ExposureHalfSaturation:0.##}) for n related open exposures"),
        FormattableString.Invariant($"{IncidentTerm} = n ÷ (n + {Weights.IncidentHalfSaturation:0.##}) for n incidents involving the technique"),
    ];

    /// <summary>Scores one technique. Relevance outside [0, 1] is clamped; negative counts count as 0.</summary>
    public TechniquePriority Score(PriorityInput input)
    {
        PriorityTerm[] terms =
        [
            new(ActorTerm, _actor, input.ActorRelevance, Math.Clamp(input.ActorRelevance, 0, 1)),
            new(GapTerm, _gap, (int)input.Coverage, 1 - (int)input.Coverage / 3.0),
            new(ExposureTerm, _exposure, input.ExposureCount, Saturate(input.ExposureCount, Weights.ExposureHalfSaturation)),
            new(IncidentTerm, _incidents, input.IncidentCount, Saturate(input.IncidentCount, Weights.IncidentHalfSaturation)),
        ];
        return new TechniquePriority(input.Id, terms.Sum(t => t.Contribution), terms);
    }

    /// <summary>Scores every input and returns them highest first (ties by ID).</summary>
    public IReadOnlyList<TechniquePriority> Rank(IEnumerable<PriorityInput> inputs) =>
        inputs.Select(Score).OrderByDescending(p => p.Score).ThenBy(p => p.Id).ToList();

    private static double Saturate(int count, double half) => count <= 0 ? 0 : count / (count + half);
}
