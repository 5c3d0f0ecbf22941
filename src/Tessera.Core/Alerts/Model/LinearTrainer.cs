namespace Tessera.Core.Alerts.Model;

/// <summary>
/// Multinomial logistic regression over sparse TF-IDF vectors, trained by averaged SGD with sparse updates.
/// <para>The softmax is restricted to the classes an example's features already touch (plus its gold labels);
/// every other class counts with logit 0 in the normaliser but receives no update. That keeps each step
/// proportional to the example's non-zero weights rather than to features × classes, so a few epochs over
/// ~20 k examples take about a second, and the weight table stays sparse (only confusable classes get
/// negative weights). Averaging the weights over all steps replaces explicit regularisation.</para>
/// </summary>
internal static class LinearTrainer
{
    internal readonly record struct Example(KeyValuePair<int, float>[] Features, int[] Labels, float Weight);

    // Negative classes below this probability get no update: with ~700 classes every class holds ~1/700, and
    // updating all of them would make the table dense (gigabytes) for no measurable gain.
    private const float MinGradient = 0.01f;

    public static Dictionary<int, TechniqueModel.Posting[]> Train(IReadOnlyList<Example> examples, int classCount, int epochs,
        float learningRate, float minWeight, int seed = 17)
    {
        var slotOf = new Dictionary<long, int>();
        var byFeature = new Dictionary<int, List<int>>();
        var cls = new List<int>();
        var w = new List<float>();
        var u = new List<float>();
        var scores = new float[classCount];
        var touched = new List<int>(256);
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Random(seed);
        var step = 1f;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                var (x, labels, weight) = examples[i];
                foreach (var (f, v) in x)
                {
                    if (!byFeature.TryGetValue(f, out var slots))
                    {
                        continue;
                    }

                    foreach (var s in slots)
                    {
                        var c = cls[s];
                        if (scores[c] == 0)
                        {
                            touched.Add(c);
                        }

                        scores[c] += v * w[s];
                    }
                }

                foreach (var c in labels)
                {
                    if (!touched.Contains(c))
                    {
                        touched.Add(c);
                    }
                }

                var max = 0f;
                foreach (var c in touched)
                {
                    max = MathF.Max(max, scores[c]);
                }

                // Untouched classes have logit 0: exp(0 - max) each.
                var z = (classCount - touched.Count) * MathF.Exp(-max);
                foreach (var c in touched)
                {
                    z += MathF.Exp(scores[c] - max);
                }

                var target = 1f / labels.Length;
                foreach (var c in touched)
                {
                    var p = MathF.Exp(scores[c] - max) / z;
                    var gold = Array.IndexOf(labels, c) >= 0;
                    var g = (gold ? target : 0f) - p;
                    scores[c] = 0;
                    if (!gold && p < MinGradient)
                    {
                        continue;
                    }

                    var delta = learningRate * weight * g;
                    foreach (var (f, v) in x)
                    {
                        var key = ((long)f << 20) | (uint)c;
                        if (!slotOf.TryGetValue(key, out var s))
                        {
                            s = cls.Count;
                            slotOf[key] = s;
                            cls.Add(c);
                            w.Add(0);
                            u.Add(0);
                            if (!byFeature.TryGetValue(f, out var slots))
                            {
                                slots = [];
                                byFeature[f] = slots;
                            }

                            slots.Add(s);
                        }

                        w[s] += delta * v;
                        u[s] += step * delta * v;
                    }
                }

                touched.Clear();
                step++;
            }
        }

        var result = new Dictionary<int, TechniqueModel.Posting[]>(byFeature.Count);
        foreach (var (f, slots) in byFeature)
        {
            var kept = slots
                .Select(s => new TechniqueModel.Posting(cls[s], w[s] - u[s] / step))
                .Where(p => MathF.Abs(p.Weight) >= minWeight)
                .ToArray();
            if (kept.Length > 0)
            {
                result[f] = kept;
            }
        }

        return result;
    }
}
