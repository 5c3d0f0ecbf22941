namespace Tessera.Core.Alerts.Evaluation;

/// <summary>Fits the mapper's softmax temperature by minimising negative log-likelihood of the gold technique on held-out alerts.</summary>
internal static class TemperatureFit
{
    private static readonly double[] Grid = [0.03, 0.05, 0.08, 0.12, 0.2, 0.35];

    // Enough titles for a stable one-parameter fit while keeping model build well under 30 s.
    private const int MaxAlerts = 250;

    public static double Fit(AlertMapper mapper, IReadOnlyList<LabelledAlert> heldOut)
    {
        if (heldOut.Count == 0)
        {
            return mapper.Temperature;
        }

        var best = mapper.Temperature;
        var bestLoss = double.MaxValue;
        foreach (var t in Grid)
        {
            var m = mapper.WithTemperature(t);
            var loss = 0.0;
            foreach (var a in heldOut.Take(MaxAlerts))
            {
                // Probability mass the mapper puts on any gold-matching technique (parent credit), floored to keep log finite.
                var mass = m.MapQuiet(a.Alert, 20).Techniques
                    .Where(s => a.Gold.Any(g => MappingEvaluator.MatchesWithParentCredit(s.Id, g)))
                    .Sum(s => s.Confidence);
                loss -= Math.Log(Math.Max(1e-4, Math.Min(1, mass)));
            }

            if (loss < bestLoss)
            {
                bestLoss = loss;
                best = t;
            }
        }

        return best;
    }
}
