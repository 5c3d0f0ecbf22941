using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Triage;
using Tessera.Server.Components.Alerts;

namespace Tessera.Server.Tests.Components.Alerts;

/// <summary>Which alert the triage queue opens after a decision, and where a linked alert goes.</summary>
public sealed class AlertQueueModelTests
{
    private static AlertRecord Alert(long id, TriageState state = TriageState.New) => new()
    {
        Id = id, ExternalId = $"e{id}", Source = "test", Format = AlertShape.Generic, Title = $"alert {id}", RawJson = "{}",
        ReceivedAt = DateTimeOffset.UnixEpoch.AddMinutes(id), MappingJson = "{}", State = state,
    };

    // Newest first, as the store pages them.
    private static AlertRecordPage Page(params AlertRecord[] alerts) => new(alerts, alerts.Length);

    private static AlertQueueModel Loaded(params AlertRecord[] alerts)
    {
        var queue = new AlertQueueModel();
        queue.Load(Page(alerts), null);
        return queue;
    }

    // The page shows "loading" rather than "No alerts match." until the first page arrives, even an empty one.
    [Fact]
    public void Loaded_FalseUntilAPageArrives_ThenTrueEvenWhenEmpty()
    {
        var queue = new AlertQueueModel();
        Assert.False(queue.Loaded);

        queue.Load(Page(), null);

        Assert.True(queue.Loaded);
        Assert.Empty(queue.Rows);
    }

    [Fact]
    public void Advance_NextLineAlreadyTriaged_OpensFirstNewAlertBelowIt()
    {
        var queue = Loaded(Alert(5), Alert(4, TriageState.Confirmed), Alert(3), Alert(2));

        var opened = queue.Advance(5, Page(Alert(5, TriageState.Confirmed), Alert(4, TriageState.Confirmed), Alert(3), Alert(2)), null);

        Assert.Equal(3, opened);
        Assert.True(queue.IsOpen(3));
    }

    [Fact]
    public void Advance_NothingNewBelow_WrapsToTheTop_IncludingAnAlertThatArrivedMeanwhile()
    {
        var queue = Loaded(Alert(6), Alert(5), Alert(4));

        // 7 arrived after the page was loaded; 6 was skipped by the analyst.
        Assert.Equal(7, queue.Advance(4, Page(Alert(7), Alert(6), Alert(5, TriageState.Rejected), Alert(4, TriageState.Rejected)), null));
        Assert.Equal(6, queue.Advance(7, Page(Alert(7, TriageState.Confirmed), Alert(6), Alert(5, TriageState.Rejected), Alert(4, TriageState.Rejected)), null));
    }

    [Fact]
    public void Advance_StateFilterDropsTheDecidedAlert_OpensTheOneThatWasBelowIt()
    {
        var queue = Loaded(Alert(5), Alert(4), Alert(3));

        Assert.Equal(3, queue.Advance(4, Page(Alert(5), Alert(3)), null));
        Assert.Equal([5L, 3L], queue.Rows.Select(r => r.Id));
    }

    [Fact]
    public void Advance_NoNewAlertLeft_ClosesTheDetail()
    {
        var queue = Loaded(Alert(2), Alert(1, TriageState.Corrected));
        queue.Open(2);

        Assert.Null(queue.Advance(2, Page(Alert(2, TriageState.Confirmed), Alert(1, TriageState.Corrected)), null));
        Assert.Null(queue.OpenId);
    }

    [Fact]
    public void Load_LinkedAlertOutsideThePage_IsPinnedFirst_AndNotWhenOnThePage()
    {
        var queue = new AlertQueueModel();

        queue.Load(Page(Alert(9), Alert(8)), Alert(1));
        Assert.Equal([1L, 9L, 8L], queue.Rows.Select(r => r.Id));
        Assert.Equal(1, queue.PinnedId);

        queue.Load(Page(Alert(9), Alert(8)), Alert(8));
        Assert.Equal([9L, 8L], queue.Rows.Select(r => r.Id));
        Assert.Null(queue.PinnedId);
    }

    [Fact]
    public void Toggle_SameAlertTwice_OpensThenCloses_OtherAlertReplacesIt()
    {
        var queue = Loaded(Alert(2), Alert(1));

        queue.Toggle(2);
        queue.Toggle(1);
        Assert.Equal(1, queue.OpenId);
        queue.Toggle(1);
        Assert.Null(queue.OpenId);
    }
}
