namespace Tessera.Core.Alerts.Evaluation;

/// <summary>
/// Fits the mapper's confidence softmax (temperature and the score assumed for every technique not among the
/// candidates) by minimising the negative log-likelihood of the gold technique on held-out alerts.
/// </summary>
internal static class TemperatureFit
{
    // Scores are sums of view weights (linear view ≤ 2, cosines ≤ 1, rule evidence ≤ ~0.5 each), so the useful
    // temperatures and rest scores lie within a few units; both grids reach past where the fit ever landed.
    private static readonly double[] Temperatures = [0.03, 0.05, 0.08, 0.12, 0.16, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1.0, 1.5];
    private static readonly double[] RestScores = [-10, -6, -4, -3, -2, -1.5, -1, -0.75, -0.5, -0.25, 0, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8];

    // Enough titles for a stable two-parameter fit while keeping model build well under 30 s.
    private const int MaxAlerts = 400;

    /// <summary>The best (temperature, rest score) on the grid; the mapper's own values when there is nothing to fit on.</summary>
    public static (double Temperature, double RestScore) Fit(AlertMapper mapper, IReadOnlyList<LabelledAlert> heldOut)
    {
        if (heldOut.Count == 0)
        {
            return (mapper.Temperature, mapper.RestScore);
        }

        // Every step-th alert: a spread over the held-out folders rather than the first folder only.
        var step = Math.Max(1, heldOut.Count / MaxAlerts);
        var scored = new List<(double[] Scores, bool[] Gold)>();
        for (var i = 0; i < heldOut.Count; i += step)
        {
            var a = heldOut[i];
            var raw = mapper.RawScores(a.Alert);
            scored.Add((raw.Select(r => r.Score).ToArray(),
                raw.Select(r => a.Gold.Any(g => MappingEvaluator.MatchesWithParentCredit(r.Id, g))).ToArray()));
        }

        var others = mapper.Model.Techniques.Count;
        var best = (mapper.Temperature, mapper.RestScore);
        var bestLoss = double.MaxValue;
        foreach (var t in Temperatures)
        {
            foreach (var rest in RestScores)
            {
                var loss = 0.0;
                foreach (var (scores, gold) in scored)
                {
                    double z = Math.Max(0, others - scores.Length) * Math.Exp(rest / t), mass = 0;
                    for (var i = 0; i < scores.Length; i++)
                    {
                        var e = Math.Exp(scores[i] / t);
                        z += e;
                        mass += gold[i] ? e : 0;
                    }

                    // Probability mass on any gold-matching technique (parent credit), floored to keep log finite.
                    loss -= Math.Log(Math.Max(1e-4, Math.Min(1, mass / z)));
                }

                if (loss < bestLoss)
                {
                    bestLoss = loss;
                    best = (t, rest);
                }
            }
        }

        return best;
    }
}
