using Tessera.Core.Jobs;
using Tessera.Core.Webhooks;
using Tessera.Infrastructure.Webhooks;
using Tessera.Server.Jobs;
using Tessera.Tests.Shared.Webhooks;

namespace Tessera.Server.Tests.MultiInstance;

/// <summary>Two real servers on one PostgreSQL database: jobs run on one instance at a time and events reach receivers once.</summary>
public sealed class MultiInstanceJobTests
{
    private const string Secret = "whsec_multi_instance_tests_0123";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<WebhookSubscription> SubscribeAsync(TesseraInstance instance, Uri url)
    {
        var subscription = new WebhookSubscription { Id = Guid.NewGuid(), Name = "receiver", Url = url, Secret = Secret, EventTypes = ["*"] };
        Assert.True((await instance.Get<IWebhookSubscriptionStore>().CreateAsync(subscription, Ct)).IsSaved);
        return subscription;
    }

    private static async Task<List<WebhookEvent>> EnqueueAsync(TesseraInstance a, TesseraInstance b, int count)
    {
        var events = new List<WebhookEvent>();
        for (var i = 0; i < count; i++)
        {
            var evt = WebhookEvent.Create(WebhookEventTypes.CoverageRegression, new { technique = "T1059.001", sequence = i }, TimeProvider.System);
            // Producers on both nodes: the outbox is the database, not a node's memory.
            await (i % 2 == 0 ? a : b).Get<IWebhookOutbox>().EnqueueAsync(evt, Ct);
            events.Add(evt);
        }

        return events;
    }

    [Fact]
    public async Task WebhookDelivery_BothInstancesRunTheJobRepeatedly_EachEventDeliveredExactlyOnceAndRunsNeverOverlap()
    {
        await using var db = await SharedPostgres.CreateAsync(Ct);
        await using var a = await TesseraInstance.StartAsync(db.ConnectionString);
        await using var b = await TesseraInstance.StartAsync(db.ConnectionString);
        await using var receiver = new LoopbackWebhookReceiver(Secret, () => DateTimeOffset.UtcNow);
        await SubscribeAsync(a, receiver.Url);
        var events = await EnqueueAsync(a, b, 40);
        var outbox = a.Get<EfWebhookOutbox>();

        // Both nodes race to run the job until the outbox is empty (bounded: a hang guard, not a timing assertion).
        using var stop = new CancellationTokenSource(Limit);
        async Task<List<JobRunResult>> Drive(TesseraInstance node)
        {
            var results = new List<JobRunResult>();
            while (await outbox.CountPendingAsync(stop.Token) > 0)
            {
                results.Add(await node.Jobs.RunOnceAsync(WebhookDeliveryJob.Name, stop.Token));
            }

            return results;
        }

        var outcomes = await Task.WhenAll(Task.Run(() => Drive(a), Ct), Task.Run(() => Drive(b), Ct));

        Assert.Equal(events.Select(e => e.Id).Order(), receiver.Acknowledged.Order());
        Assert.All(receiver.Requests, r => Assert.Equal(WebhookVerification.Valid, r.Verification));
        Assert.Equal(receiver.Requests.Count, events.Count);
        var runs = (await a.Get<IJobRunLog>().ListAsync(WebhookDeliveryJob.Name, 500, Ct)).OrderBy(r => r.StartedAt).ToList();
        Assert.All(runs, r => Assert.Equal(JobOutcome.Succeeded, r.Outcome));
        Assert.Equal(outcomes.Sum(o => o.Count(r => r.Status == JobRunStatus.Ran)), runs.Count);
        for (var i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].StartedAt >= runs[i - 1].FinishedAt, $"run {i} on {runs[i].Instance} started before run {i - 1} on {runs[i - 1].Instance} finished");
        }
    }

    [Fact]
    public async Task RunOnce_WhileTheOtherInstanceIsMidRun_ReportsLeaseHeldAndDoesNotRun()
    {
        await using var db = await SharedPostgres.CreateAsync(Ct);
        await using var a = await TesseraInstance.StartAsync(db.ConnectionString);
        await using var b = await TesseraInstance.StartAsync(db.ConnectionString);
        await using var receiver = new LoopbackWebhookReceiver(Secret, () => DateTimeOffset.UtcNow);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.BeforeAnswer = () => release.Task;
        await SubscribeAsync(a, receiver.Url);
        await EnqueueAsync(a, b, 1);

        var running = Task.Run(() => a.Jobs.RunOnceAsync(WebhookDeliveryJob.Name, Ct), Ct);
        await receiver.WaitUntilAsync(r => r.Arrived == 1, Limit);
        var second = await b.Jobs.RunOnceAsync(WebhookDeliveryJob.Name, Ct);
        release.SetResult();
        var first = await running;
        var afterRelease = await b.Jobs.RunOnceAsync(WebhookDeliveryJob.Name, Ct);

        Assert.Equal(JobRunStatus.LeaseHeldElsewhere, second.Status);
        Assert.Equal(JobRunStatus.Ran, first.Status);
        Assert.Equal(a.Jobs.InstanceId, first.Run!.Instance);
        Assert.StartsWith("1 delivered", first.Run.Summary);
        Assert.Equal((JobRunStatus.Ran, "0 delivered"), (afterRelease.Status, afterRelease.Run!.Summary![..11]));
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task BackgroundLoop_TwoInstances_DeliverQueuedEventsOnceWithoutBeingDriven()
    {
        await using var db = await SharedPostgres.CreateAsync(Ct);
        await using var a = await TesseraInstance.StartAsync(db.ConnectionString, backgroundJobs: true);
        await using var b = await TesseraInstance.StartAsync(db.ConnectionString, backgroundJobs: true);
        await using var receiver = new LoopbackWebhookReceiver(Secret, () => DateTimeOffset.UtcNow);
        await SubscribeAsync(b, receiver.Url);

        var events = await EnqueueAsync(a, b, 10);
        await receiver.WaitUntilAsync(r => r.Acknowledged.Count >= events.Count, Limit);

        // Each event once (a second delivery would repeat its id here), and no test code drove a job: the background loops
        // did. The job run log is not read here: a run appends its record after its last delivery is answered, so the
        // receiver can hold every acknowledgement before the record exists (a fresh-clone run read null once); the tests
        // above check the run a job reports.
        Assert.Equal(events.Select(e => e.Id).Order(), receiver.Acknowledged.Order());
    }
}
