using Tessera.Core.Alerts.Model;

namespace Tessera.Core.Tests.Alerts.Model;

public sealed class ModelTextAndLinearTests
{
    [Fact]
    public void Tokens_NormaliseCamelCase_AddsPartsAndKeepsWholeWord()
    {
        var tokens = TextFeatures.Tokens("GetProcAddress HTTPServer", normalise: true);

        Assert.Contains("getprocaddress", tokens);
        Assert.Contains("proc", tokens);
        Assert.Contains("address", tokens);
        Assert.Contains("server", tokens);
    }

    [Fact]
    public void Tokens_NormaliseAbbreviationAndBoilerplate_ExpandsAndDrops()
    {
        var tokens = TextFeatures.Tokens("Potential PS RDP Activity Detected", normalise: true);

        Assert.Contains("powershell", tokens);
        Assert.Contains("remote", tokens);
        Assert.DoesNotContain("activity", tokens);
        Assert.DoesNotContain("detect", tokens);
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
}
