using Tessera.Core.Attack;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Validation;
using static Tessera.Core.Tests.Coverage.CoverageFixtures;

namespace Tessera.Core.Tests.Coverage;

public sealed class ValidationApplierTests
{
    private static ValidationRun Run(string technique, ValidationOutcome outcome, DateTimeOffset at, params string[] fired) => new()
    {
        Id = Guid.NewGuid(), Source = "api", TestName = "test", Technique = TechniqueId.Parse(technique), ExecutedAt = at, Outcome = outcome, FiredRules = fired,
    };

    [Fact]
    public void Apply_Detected_MarksOnlyFiredRulesPassing()
    {
        var fired = Rule("T1003.001");
        var silent = Rule("T1003.001");

        var changes = ValidationApplier.Apply([fired, silent], [Run("T1003.001", ValidationOutcome.Detected, Now, fired.Rule.ExternalId)]);

        var change = Assert.Single(changes);
        Assert.Equal((fired.Id, ValidationStatus.TestedPassing, Now), (change.RuleId, change.Status, change.TestedAt));
    }

    [Fact]
    public void Apply_NotDetected_FailsRulesOfTechniqueAndOfItsParent()
    {
        var sub = Rule("T1003.001");
        var parent = Rule("T1003");
        var other = Rule("T1059");

        var changes = ValidationApplier.Apply([sub, parent, other], [Run("T1003.001", ValidationOutcome.NotDetected, Now)]);

        Assert.Equal(new[] { sub.Id, parent.Id }.Order(), changes.Select(c => c.RuleId).Order());
        Assert.All(changes, c => Assert.Equal(ValidationStatus.TestedFailing, c.Status));
    }

    [Fact]
    public void Apply_OlderRunAfterNewerResult_DoesNotOverwrite()
    {
        var rule = Rule("T1003", ValidationStatus.TestedPassing, Now);

        Assert.Empty(ValidationApplier.Apply([rule], [Run("T1003", ValidationOutcome.NotDetected, Now.AddDays(-1))]));
    }

    [Fact]
    public void Apply_RunsOutOfOrder_LatestWins()
    {
        var rule = Rule("T1003");

        var changes = ValidationApplier.Apply([rule],
            [Run("T1003", ValidationOutcome.Detected, Now, rule.Id.ToString()), Run("T1003", ValidationOutcome.NotDetected, Now.AddDays(-3))]);

        Assert.Equal(ValidationStatus.TestedPassing, Assert.Single(changes).Status);
    }

    [Theory]
    [InlineData(ValidationOutcome.Pending)]
    [InlineData(ValidationOutcome.ExecutionFailed)]
    public void Apply_NoVerdict_ChangesNothing(ValidationOutcome outcome) =>
        Assert.Empty(ValidationApplier.Apply([Rule("T1003")], [Run("T1003", outcome, Now)]));

    [Fact]
    public void Apply_DisabledRule_Unchanged() =>
        Assert.Empty(ValidationApplier.Apply([Rule("T1003", enabled: false)], [Run("T1003", ValidationOutcome.NotDetected, Now)]));
}
