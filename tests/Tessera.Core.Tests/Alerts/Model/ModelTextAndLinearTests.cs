using Tessera.Core.Alerts.Model;

namespace Tessera.Core.Tests.Alerts.Model;

public sealed class ModelTextAndLinearTests
{
    [Theory]
    [InlineData("GetProcAddress HTTPServer", "getprocaddress proc address server", "")]   // CamelCase: whole word kept, parts added
    [InlineData("Potential PS RDP Activity Detected", "powershell remote desktop", "activity detect")] // abbreviations expand; boilerplate dropped
    public void Tokens_Normalise_AddsExpectedAndDropsBoilerplate(string title, string present, string absent)
    {
        var tokens = TextFeatures.Tokens(title, normalise: true);

        Assert.All(present.Split(' ', StringSplitOptions.RemoveEmptyEntries), t => Assert.Contains(t, tokens));
        Assert.All(absent.Split(' ', StringSplitOptions.RemoveEmptyEntries), t => Assert.DoesNotContain(t, tokens));
    }

    [Fact]
    public void Tokens_WithoutNormalise_KeepsBoilerplateAndNoExpansion()
    {
        var tokens = TextFeatures.Tokens("PS Activity");

        Assert.Equal(["ps", "activity"], tokens);
    }

    [Fact]
    public void Train_TwoSeparableClasses_GivesOwnFeaturePositiveWeightAndUnseenClassNone()
    {
        // Feature 1 marks class 0, feature 2 marks class 1; class 2 never occurs and must get no weights.
        var examples = new List<LinearTrainer.Example>
        {
            new([new(1, 1f)], [0], 1f),
            new([new(2, 1f)], [1], 1f),
        };

        var weights = LinearTrainer.Train(examples, classCount: 3, epochs: 5, learningRate: 1f, minWeight: 0.001f);

        var f1 = weights[1];
        Assert.True(f1.Single(p => p.Target == 0).Weight > 0);
        Assert.DoesNotContain(weights.Values.SelectMany(p => p), p => p.Target == 2);
    }

    [Fact]
    public void Train_ManyClassesAndFeatures_GivesTheWeightsOfAPlainTableKeyedByFeatureAndClass()
    {
        // The trainer keeps one class-sorted row per feature and inserts by binary search; this spells the same
        // averaged SGD out over one dictionary, so rows growing and inserts at every position are all exercised.
        var random = new Random(5);
        var examples = Enumerable.Range(0, 300).Select(_ =>
        {
            var features = Enumerable.Range(0, random.Next(3, 16)).Select(_ => 1000 + random.Next(80)).Distinct()
                .Select(f => new KeyValuePair<int, float>(f, (float)random.NextDouble() + 0.1f)).ToArray();
            var labels = Enumerable.Range(0, random.Next(1, 3)).Select(_ => random.Next(40)).Distinct().ToArray();
            return new LinearTrainer.Example(features, labels, random.Next(2) == 0 ? 1f : 0.5f);
        }).ToList();

        var trained = LinearTrainer.Train(examples, classCount: 40, epochs: 4, learningRate: 2f, minWeight: 0f);
        var expected = PlainTable(examples, classCount: 40, epochs: 4, learningRate: 2f);

        Assert.Equal(expected.Count, trained.Values.Sum(row => row.Length));
        Assert.Contains(trained.Values, row => row.Length > 8);
        foreach (var (feature, row) in trained)
        {
            Assert.Equal(row.Select(p => p.Target).Order(), row.Select(p => p.Target));
            Assert.All(row, p => Assert.Equal(expected[(feature, p.Target)], p.Weight, 3));
        }
    }

    // The trainer's algorithm without its data layout: same shuffle, same restricted softmax, same averaging.
    private static Dictionary<(int Feature, int Class), float> PlainTable(List<LinearTrainer.Example> examples, int classCount, int epochs, float learningRate)
    {
        var w = new Dictionary<(int, int), float>();
        var sum = new Dictionary<(int, int), float>();
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Random(17);
        var step = 1f;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                var (x, labels, weight) = examples[i];
                var scores = new Dictionary<int, float>();
                foreach (var ((f, c), value) in w)
                {
                    if (x.FirstOrDefault(kv => kv.Key == f) is { Key: not 0 } hit)
                    {
                        scores[c] = scores.GetValueOrDefault(c) + hit.Value * value;
                    }
                }

                foreach (var c in labels)
                {
                    scores.TryAdd(c, 0f);
                }

                var max = Math.Max(0f, scores.Values.Max());
                var z = (classCount - scores.Count) * MathF.Exp(-max) + scores.Values.Sum(s => MathF.Exp(s - max));
                foreach (var (c, score) in scores)
                {
                    var p = MathF.Exp(score - max) / z;
                    var gold = labels.Contains(c);
                    if (!gold && p < 0.01f)
                    {
                        continue;
                    }

                    var delta = learningRate * weight * ((gold ? 1f / labels.Length : 0f) - p);
                    foreach (var (f, v) in x)
                    {
                        w[(f, c)] = w.GetValueOrDefault((f, c)) + delta * v;
                        sum[(f, c)] = sum.GetValueOrDefault((f, c)) + step * delta * v;
                    }
                }

                step++;
            }
        }

        return w.ToDictionary(kv => kv.Key, kv => kv.Value - sum[kv.Key] / step);
    }

    [Theory]
    [InlineData("Policies Injected Dumping", "policy inject dump")]          // -ies → y, -ed and -ing cut
    [InlineData("Registrations Escalation", "registr escal")]               // -ations and -ation cut
    [InlineData("Process Status Class", "process status class")]          // -ss, -us, -is ending words keep their s
    public void Tokens_Stemming_CutsKnownSuffixes(string text, string expected)
    {
        Assert.Equal(expected.Split(' '), TextFeatures.Tokens(text));
    }

    [Fact]
    public void Extract_SameTextTwice_DoublesEveryFeatureAndNamesBigrams()
    {
        var once = new Dictionary<int, float>();
        var twice = new Dictionary<int, float>();
        var names = new Dictionary<int, string>();
        TextFeatures.Extract("Remote Thread Injection", once, 1f, charGrams: true, names);
        TextFeatures.Extract("Remote Thread Injection", twice, 2f, charGrams: true);

        Assert.Equal(once.Keys.Order(), twice.Keys.Order());
        Assert.All(once, kv => Assert.Equal(2 * kv.Value, twice[kv.Key], 4));
        Assert.Contains("thread inject", names.Values);
    }
}
