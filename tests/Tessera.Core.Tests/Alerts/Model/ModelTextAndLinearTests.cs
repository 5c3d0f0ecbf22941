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
