namespace Tessera.Core.Alerts.Evaluation;

/// <summary>
/// Fits how the mapper combines its evidence and how confident it says it is, on alerts from rule folders the
/// model never saw: a conditional-logit model over each alert's candidates, logit = (model score + w_rule · rule
/// evidence + w_kev · KEV evidence + w_attack · group/software evidence) / T, with every technique outside the
/// candidates at a fitted rest score. Minimises the negative log-likelihood of the gold technique (parent credit);
/// when no candidate matches, the gold is one of the others. Adam on five parameters, a few thousand steps.
/// </summary>
internal static class ScoreFit
{
    // All held-out titles up to this many (scoring them is a fraction of a second).
    private const int MaxAlerts = 2000;
    private const int Steps = 3000;
    private const double LearningRate = 0.05;
    // Pull of each evidence weight towards the model's own scale (w = 1), per alert: keeps weights of evidence
    // kinds that are rare in the held-out folders (KEV, named groups) near their hand-set value.
    private const double Ridge = 0.002;

    public sealed record Result(double Temperature, double RestScore, EvidenceWeights Evidence, ConfidenceMap Confidence, double Loss, int Alerts);

    // Suggestions per held-out alert whose probability and correctness feed the isotonic confidence map.
    private const int MappedSuggestions = 5;

    public static Result Fit(AlertMapper mapper, IReadOnlyList<LabelledAlert> heldOut)
    {
        if (heldOut.Count == 0)
        {
            return new Result(mapper.Temperature, mapper.RestScore, mapper.Evidence, mapper.ConfidenceMap, 0, 0);
        }

        var step = Math.Max(1, heldOut.Count / MaxAlerts);
        var alerts = new List<(double[][] X, bool[] Gold, bool AnyGold)>();
        for (var i = 0; i < heldOut.Count; i += step)
        {
            var a = heldOut[i];
            var parts = mapper.ScoreParts(a.Alert);
            var gold = parts.Select(p => a.Gold.Any(g => MappingEvaluator.MatchesWithParentCredit(p.Id, g))).ToArray();
            alerts.Add((parts.Select(p => p.Parts).ToArray(), gold, gold.Any(g => g)));
        }

        var others = mapper.Model.Techniques.Count;
        // θ = [1/T, w_rule/T, w_kev/T, w_attack/T, rest/T], started from the mapper's current values.
        var t0 = mapper.Temperature;
        var theta = new[] { 1 / t0, mapper.Evidence.Rule / t0, mapper.Evidence.Kev / t0, mapper.Evidence.Attack / t0, mapper.RestScore / t0 };
        theta[4] = Math.Max(theta[4], -30);
        var m = new double[5];
        var v = new double[5];
        var loss = 0.0;
        for (var it = 1; it <= Steps; it++)
        {
            var grad = new double[5];
            loss = Loss(alerts, theta, others, grad);
            for (var j = 1; j <= 3; j++)
            {
                var d = theta[j] - theta[0];
                loss += Ridge * alerts.Count * d * d;
                grad[j] += 2 * Ridge * alerts.Count * d;
                grad[0] -= 2 * Ridge * alerts.Count * d;
            }

            for (var j = 0; j < 5; j++)
            {
                var g = grad[j] / alerts.Count;
                m[j] = 0.9 * m[j] + 0.1 * g;
                v[j] = 0.999 * v[j] + 0.001 * g * g;
                var mh = m[j] / (1 - Math.Pow(0.9, it));
                var vh = v[j] / (1 - Math.Pow(0.999, it));
                theta[j] -= LearningRate * mh / (Math.Sqrt(vh) + 1e-8);
            }

            theta[0] = Math.Max(theta[0], 0.1);
        }

        var temperature = 1 / theta[0];
        return new Result(temperature, theta[4] * temperature,
            new EvidenceWeights(theta[1] * temperature, theta[2] * temperature, theta[3] * temperature),
            ConfidenceMap.Fit(Probabilities(alerts, theta, others)), loss / alerts.Count, alerts.Count);
    }

    // The fitted softmax probability of each alert's first suggestions and whether each was right.
    private static IEnumerable<(double P, bool Correct)> Probabilities(List<(double[][] X, bool[] Gold, bool AnyGold)> alerts, double[] theta, int others)
    {
        foreach (var (x, gold, _) in alerts)
        {
            var p = new double[x.Length];
            Softmax(x, theta, others, p);
            foreach (var c in Enumerable.Range(0, x.Length).OrderByDescending(c => p[c]).Take(MappedSuggestions))
            {
                yield return (p[c], gold[c]);
            }
        }
    }

    /// <summary>
    /// The conditional-logit probability of each candidate, logit θ[0..3]·x, and of each single technique outside the
    /// candidates (logit θ[4]), written to <paramref name="p"/>; returns the probability of each other technique. The
    /// candidates' and the others' probabilities sum to 1. The caller owns <paramref name="p"/>: the fit evaluates every
    /// held-out alert 3,000 times, and an array per call was 400 MB of garbage (of 1.75 GB the whole build allocated).
    /// </summary>
    private static double Softmax(double[][] x, double[] theta, int others, Span<double> p)
    {
        var max = theta[4];
        for (var c = 0; c < x.Length; c++)
        {
            p[c] = theta[0] * x[c][0] + theta[1] * x[c][1] + theta[2] * x[c][2] + theta[3] * x[c][3];
            max = Math.Max(max, p[c]);
        }

        var other = Math.Exp(theta[4] - max);
        var z = Math.Max(0, others - x.Length) * other;
        for (var c = 0; c < x.Length; c++)
        {
            p[c] = Math.Exp(p[c] - max);
            z += p[c];
        }

        for (var c = 0; c < x.Length; c++)
        {
            p[c] /= z;
        }

        return other / z;
    }

    private static double Loss(List<(double[][] X, bool[] Gold, bool AnyGold)> alerts, double[] theta, int others, double[] grad)
    {
        var loss = 0.0;
        Span<double> all = stackalloc double[5];
        Span<double> onGold = stackalloc double[5];
        var buffer = new double[alerts.Count == 0 ? 0 : alerts.Max(a => a.X.Length)];
        foreach (var (x, gold, anyGold) in alerts)
        {
            var p = buffer.AsSpan(0, x.Length);
            var other = Softmax(x, theta, others, p);
            // Probability of the gold: on the matching candidates, else one of the others.
            var mass = anyGold ? 0 : other;
            all.Clear();
            onGold.Clear();
            all[4] = Math.Max(0, others - x.Length) * other;
            onGold[4] = mass;
            for (var c = 0; c < x.Length; c++)
            {
                for (var j = 0; j < 4; j++)
                {
                    all[j] += p[c] * x[c][j];
                }

                if (gold[c])
                {
                    mass += p[c];
                    for (var j = 0; j < 4; j++)
                    {
                        onGold[j] += p[c] * x[c][j];
                    }
                }
            }

            loss -= Math.Log(mass);
            // d(−log P(gold))/dθ = E[x] − E[x | gold]; the others carry feature 1 on θ[4].
            for (var j = 0; j < 5; j++)
            {
                grad[j] += all[j] - onGold[j] / mass;
            }
        }

        return loss;
    }
}
