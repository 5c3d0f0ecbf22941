using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tessera.Core.Jobs;
using Tessera.Core.Storage;

namespace Tessera.Server.Jobs;

/// <summary>
/// Runs registered jobs so that, across every instance on one database, each job runs on one instance at a time and
/// about once per interval: a run happens only while this instance holds the job's lease (<see cref="ILeaseStore"/>),
/// renewed while the job works; "due" is judged from the shared run log, re-checked after the lease is taken, so
/// instances do not each run the job once per interval. If a renewal fails the job is cancelled and logged LeaseLost.
/// </summary>
public sealed class JobHost(
    IServiceProvider services, IEnumerable<JobRegistration> registrations, ILeaseStore leases, IJobRunLog runs,
    JobInstance instance, JobHostOptions options, TimeProvider time, ILogger<JobHost> logger) : BackgroundService
{
    private readonly IReadOnlyList<JobRegistration> _jobs = registrations.ToList();

    public IReadOnlyList<JobRegistration> Jobs => _jobs;

    public string InstanceId => instance.Id;

    public static string LeaseName(string job) => "job:" + job;

    /// <summary>
    /// Runs job <paramref name="name"/> now if this instance can take its lease (ignoring the interval unless
    /// <paramref name="onlyIfDue"/>). Returns the logged run, or why it did not run. Throws
    /// <see cref="KeyNotFoundException"/> for an unregistered name.
    /// </summary>
    public async Task<JobRunResult> RunOnceAsync(string name, CancellationToken ct, bool onlyIfDue = false)
    {
        var job = _jobs.FirstOrDefault(j => j.Name == name) ?? throw new KeyNotFoundException($"No job named '{name}'.");
        if (onlyIfDue && !await IsDueAsync(job, ct))
        {
            return JobRunResult.NotDue;
        }

        var lease = LeaseName(job.Name);
        if (await leases.TryAcquireAsync(lease, instance.Id, options.LeaseDuration, ct) is null)
        {
            return JobRunResult.LeaseHeld;
        }

        try
        {
            // Another instance may have finished a run between our check and our lease.
            if (onlyIfDue && !await IsDueAsync(job, ct))
            {
                return JobRunResult.NotDue;
            }

            return new JobRunResult(JobRunStatus.Ran, await RunHoldingLeaseAsync(job, lease, ct));
        }
        finally
        {
            await leases.ReleaseAsync(lease, instance.Id, CancellationToken.None);
        }
    }

    private async Task<bool> IsDueAsync(JobRegistration job, CancellationToken ct) =>
        await runs.LastAsync(job.Name, ct) is not { } last || time.GetUtcNow() - last.StartedAt >= job.Interval;

    private async Task<JobRun> RunHoldingLeaseAsync(JobRegistration job, string lease, CancellationToken ct)
    {
        using var work = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var lost = false;
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewal = Task.Run(async () =>
        {
            try
            {
                while (!renewing.IsCancellationRequested)
                {
                    await Task.Delay(options.LeaseDuration / 3, time, renewing.Token);
                    if (await leases.RenewAsync(lease, instance.Id, options.LeaseDuration, renewing.Token) is null)
                    {
                        lost = true;
                        await work.CancelAsync();
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The run finished (or the host stopped) first.
            }
        }, CancellationToken.None);

        var started = time.GetUtcNow();
        JobOutcome outcome;
        string? summary = null, error = null;
        try
        {
            summary = await ((ITesseraJob)services.GetRequiredService(job.JobType)).RunAsync(work.Token);
            outcome = JobOutcome.Succeeded;
        }
        catch (OperationCanceledException) when (lost && !ct.IsCancellationRequested)
        {
            outcome = JobOutcome.LeaseLost;
            error = "lease lost during the run; stopped";
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A job's failure is logged and retried next interval; it must not take the host down.
            outcome = JobOutcome.Failed;
            error = $"{ex.GetType().Name}: {ex.Message}";
            logger.LogWarning(ex, "Job {Job} failed", job.Name);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }

        var run = new JobRun
        {
            Id = Guid.CreateVersion7(started), JobName = job.Name, Instance = instance.Id, StartedAt = started, FinishedAt = time.GetUtcNow(),
            Outcome = outcome, Summary = summary, Error = error,
        };
        await runs.AppendAsync(run, CancellationToken.None);
        return run;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.RunInBackground || _jobs.Count == 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var job in _jobs)
            {
                try
                {
                    await RunOnceAsync(job.Name, stoppingToken, onlyIfDue: true);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database may be briefly unreachable; try again next tick rather than stopping every job.
                    logger.LogWarning(ex, "Could not check or run job {Job}", job.Name);
                }
            }

            try
            {
                await Task.Delay(options.Tick, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
