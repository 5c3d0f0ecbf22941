using Tessera.Core.Jobs;

namespace Tessera.Infrastructure.Tests.Jobs;

public sealed class JobRunLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JobRun Run(string job, DateTimeOffset start, JobOutcome outcome = JobOutcome.Succeeded, string? error = null) => new()
    {
        Id = Guid.NewGuid(), JobName = job, Instance = "instance-a", StartedAt = start, FinishedAt = start + TimeSpan.FromSeconds(2),
        Outcome = outcome, Error = error, Summary = "ok",
    };

    [Theory, AllProviders]
    public async Task Last_SeveralJobsAndRuns_ReturnsNewestOfThatJob(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var log = test.Get<IJobRunLog>();
        var t0 = test.Time.GetUtcNow();
        await log.AppendAsync(Run("webhooks", t0), Ct);
        await log.AppendAsync(Run("webhooks", t0 + TimeSpan.FromMinutes(1), JobOutcome.Failed, "HttpRequestException: refused"), Ct);
        await log.AppendAsync(Run("snapshots", t0 + TimeSpan.FromMinutes(2)), Ct);

        var last = await log.LastAsync("webhooks", Ct);
        var all = await log.ListAsync(null, 10, Ct);

        Assert.Equal((t0 + TimeSpan.FromMinutes(1), JobOutcome.Failed, "HttpRequestException: refused"), (last!.StartedAt, last.Outcome, last.Error));
        Assert.Equal(TimeSpan.FromSeconds(2), last.Duration);
        Assert.Equal(["snapshots", "webhooks", "webhooks"], all.Select(r => r.JobName));
        Assert.Null(await log.LastAsync("unknown", Ct));
    }
}
