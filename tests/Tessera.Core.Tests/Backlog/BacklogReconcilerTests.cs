using Tessera.Core.Backlog;
using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Tests.Navigator;
using static Tessera.Core.Tests.Coverage.CoverageFixtures;

namespace Tessera.Core.Tests.Backlog;

public sealed class BacklogReconcilerTests
{
    private static CoverageReport Report(IReadOnlyList<RegisteredRule> rules, params string[] priority) =>
        CoverageEngine.Compute(Input(TestCollections.Enterprise181(), rules) with { Priority = priority.ToHashSet(StringComparer.OrdinalIgnoreCase) }, Now);

    private static BacklogPlan Plan(CoverageReport report, params BacklogItem[] items) => BacklogReconciler.Plan(report, items, Guid.NewGuid);

    private static BacklogItem Item(string technique, BacklogReason reason, BacklogState state) => new()
    {
        Id = Guid.NewGuid(), Technique = Tessera.Core.Attack.TechniqueId.Parse(technique), TechniqueName = technique, Reason = reason, State = state,
        CreatedAt = Now.AddDays(-10), UpdatedAt = Now.AddDays(-10), Version = 3,
    };

    [Theory]
    [InlineData(null, null, BacklogReason.Gap)]
    [InlineData(ValidationStatus.TestedFailing, 3, BacklogReason.Failing)]
    // Passed 200 days ago: stale under the 180-day cadence.
    [InlineData(ValidationStatus.TestedPassing, 200, BacklogReason.Stale)]
    public void Plan_PriorityTechniqueNeedsWork_CreatesOneOpenItemWithOwnerAndDueDate(ValidationStatus? validation, int? daysAgo, BacklogReason reason)
    {
        IReadOnlyList<RegisteredRule> rules = validation is { } v ? [Rule("T1003", v, Now.AddDays(-daysAgo!.Value), owner: "endpoint-team")] : [];

        var plan = Plan(Report(rules, "T1003"));

        var item = Assert.Single(plan.Create);
        Assert.Equal(("T1003", reason, BacklogState.Open), (item.Technique.Value, item.Reason, item.State));
        Assert.Equal(DateOnly.FromDateTime(Now.UtcDateTime.AddDays(BacklogReconciler.DefaultDueDays)), item.DueOn);
        Assert.Equal(validation is null ? null : "endpoint-team", item.Owner);
    }

    [Fact]
    public void Plan_ValidatedOrUntestedOrNotPriority_NoItems()
    {
        var plan = Plan(Report([Rule("T1003", ValidationStatus.TestedPassing, Now.AddDays(-3)), Rule("T1059")], "T1003", "T1059"));

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Plan_OpenItemExists_NotDuplicated()
    {
        var plan = Plan(Report([], "T1003"), Item("T1003", BacklogReason.Gap, BacklogState.InProgress));

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Plan_ReasonGone_ClosesActiveItemAutomatically()
    {
        var open = Item("T1003", BacklogReason.Gap, BacklogState.Open);

        var plan = Plan(Report([Rule("T1003", ValidationStatus.TestedPassing, Now.AddDays(-3))], "T1003"), open);

        var closed = Assert.Single(plan.Close);
        Assert.Equal((open.Id, BacklogState.ClosedAutomatically, (DateTimeOffset?)Now, 3L), (closed.Id, closed.State, closed.ClosedAt, closed.Version));
        Assert.Empty(plan.Create);
    }

    [Fact]
    public void Plan_ReasonChangesFromGapToFailing_ClosesGapAndCreatesFailing()
    {
        var plan = Plan(Report([Rule("T1003", ValidationStatus.TestedFailing, Now.AddDays(-1))], "T1003"), Item("T1003", BacklogReason.Gap, BacklogState.Open));

        Assert.Equal(BacklogReason.Gap, Assert.Single(plan.Close).Reason);
        Assert.Equal(BacklogReason.Failing, Assert.Single(plan.Create).Reason);
    }

    [Theory]
    [InlineData(BacklogState.ClosedAutomatically)]
    [InlineData(BacklogState.Done)]
    public void Plan_ReasonBackForClosedItem_ReopensTheSameItem(BacklogState state)
    {
        var closed = Item("T1003", BacklogReason.Gap, state) with { ClosedAt = Now.AddDays(-2) };

        var plan = Plan(Report([], "T1003"), closed);

        var reopened = Assert.Single(plan.Reopen);
        Assert.Equal((closed.Id, BacklogState.Open, (DateTimeOffset?)null), (reopened.Id, reopened.State, reopened.ClosedAt));
        Assert.Empty(plan.Create);
    }

    [Fact]
    public void Plan_DoneItemReasonGone_LeftDone()
    {
        var done = Item("T1003", BacklogReason.Gap, BacklogState.Done);

        Assert.True(Plan(Report([Rule("T1003", ValidationStatus.TestedPassing, Now.AddDays(-3))], "T1003"), done).IsEmpty);
    }
}
