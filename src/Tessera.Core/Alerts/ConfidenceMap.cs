namespace Tessera.Core.Alerts;

/// <summary>
/// Monotone map from the mapper's softmax probability to the share of suggestions with that probability that were
/// right on held-out rule folders (isotonic regression by pool-adjacent-violators, linear between block centres).
/// A single temperature cannot fix a curve that is under-confident at the bottom and over-confident at the top; this can.
/// </summary>
public sealed class ConfidenceMap
{
    private readonly double[] _p;
    private readonly double[] _accuracy;

    private ConfidenceMap(double[] p, double[] accuracy)
    {
        _p = p;
        _accuracy = accuracy;
    }

    /// <summary>The block centres (probability, share right), for <see cref="Model.ModelFile"/>.</summary>
    internal (double[] P, double[] Accuracy) Points => (_p, _accuracy);

    /// <summary>A map from stored block centres: as many of each, both non-decreasing, all within [0, 1].</summary>
    internal static ConfidenceMap FromPoints(double[] p, double[] accuracy)
    {
        static bool Ordered(double[] xs) => xs.All(x => x is >= 0 and <= 1) && xs.Zip(xs.Skip(1)).All(x => x.First <= x.Second);
        if (p.Length != accuracy.Length || !Ordered(p) || !Ordered(accuracy))
        {
            throw new InvalidDataException("confidence map: block probabilities and accuracies must be as many, non-decreasing and within [0, 1]");
        }

        return new ConfidenceMap(p, accuracy);
    }

    /// <summary>Leaves probabilities as they are.</summary>
    public static ConfidenceMap Identity { get; } = new([], []);

    /// <summary>Number of monotone blocks (0 for <see cref="Identity"/>).</summary>
    public int Blocks => _p.Length;

    /// <summary>The calibrated confidence for softmax probability <paramref name="p"/>; non-decreasing in <paramref name="p"/>.</summary>
    public double Apply(double p)
    {
        if (_p.Length == 0)
        {
            return p;
        }

        // A small slope keeps different probabilities distinct within a flat block without breaking monotonicity.
        var tie = 0.01 * p;
        if (p <= _p[0])
        {
            return Math.Clamp(_accuracy[0] * (_p[0] <= 0 ? 1 : p / _p[0]) + tie, 0, 1);
        }

        for (var i = 1; i < _p.Length; i++)
        {
            if (p <= _p[i])
            {
                var t = (p - _p[i - 1]) / (_p[i] - _p[i - 1]);
                return Math.Clamp(_accuracy[i - 1] + t * (_accuracy[i] - _accuracy[i - 1]) + tie, 0, 1);
            }
        }

        return Math.Clamp(_accuracy[^1] + tie, 0, 1);
    }

    /// <summary>
    /// Fits the map on (probability, was it right) pairs. Blocks hold at least <paramref name="minBlock"/> pairs so a few
    /// lucky suggestions cannot promise certainty; with fewer than two blocks' worth of pairs the identity is returned.
    /// </summary>
    public static ConfidenceMap Fit(IEnumerable<(double P, bool Correct)> samples, int minBlock = 25)
    {
        var sorted = samples.Where(s => double.IsFinite(s.P)).OrderBy(s => s.P).ToList();
        if (sorted.Count < 2 * minBlock)
        {
            return Identity;
        }

        // Start from chunks of minBlock pairs, then pool adjacent blocks while accuracy decreases.
        var blocks = new List<(double SumP, double Hits, int N)>();
        for (var i = 0; i < sorted.Count; i += minBlock)
        {
            var chunk = sorted.GetRange(i, Math.Min(minBlock, sorted.Count - i));
            if (chunk.Count < minBlock && blocks.Count > 0)
            {
                var last = blocks[^1];
                blocks[^1] = (last.SumP + chunk.Sum(c => c.P), last.Hits + chunk.Count(c => c.Correct), last.N + chunk.Count);
                continue;
            }

            blocks.Add((chunk.Sum(c => c.P), chunk.Count(c => c.Correct), chunk.Count));
            while (blocks.Count > 1 && blocks[^2].Hits / blocks[^2].N >= blocks[^1].Hits / blocks[^1].N)
            {
                var (a, b) = (blocks[^2], blocks[^1]);
                blocks.RemoveAt(blocks.Count - 1);
                blocks[^1] = (a.SumP + b.SumP, a.Hits + b.Hits, a.N + b.N);
            }
        }

        return new ConfidenceMap(blocks.Select(b => b.SumP / b.N).ToArray(), blocks.Select(b => b.Hits / b.N).ToArray());
    }

    public override string ToString() => _p.Length == 0 ? "identity"
        : string.Join(" ", _p.Select((p, i) => $"{p:F3}→{_accuracy[i]:F2}"));
}
