using Microsoft.EntityFrameworkCore;
using Tessera.Core.Jobs;
using Tessera.Core.Text;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Jobs;

public sealed class EfJobRunLog(IDbContextFactory<TesseraDbContext> contexts) : IJobRunLog
{
    /// <summary>Most runs one listing returns; older runs stay in the table for direct queries.</summary>

    /// <summary>Runs older than this are deleted as new ones arrive: a 10-second job logs ~60 000 runs a week.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public async Task AppendAsync(JobRun run, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        db.Set<JobRunEntity>().Add(new JobRunEntity
        {
            Id = run.Id, JobName = run.JobName, Instance = run.Instance, StartedAt = run.StartedAt, FinishedAt = run.FinishedAt,
            Outcome = run.Outcome.ToString(), Error = run.Error is null ? null : PlainText.Cut(run.Error, 1000), Summary = run.Summary is null ? null : PlainText.Cut(run.Summary, 500),
        });
        await db.SaveChangesAsync(ct);
        var cutoff = run.StartedAt - Retention;
        await db.Set<JobRunEntity>().Where(r => r.JobName == run.JobName && r.StartedAt < cutoff).ExecuteDeleteAsync(ct);
    }

    public async Task<JobRun?> LastAsync(string jobName, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Set<JobRunEntity>().AsNoTracking().Where(r => r.JobName == jobName)
            .OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
        return row is null ? null : ToRun(row);
    }

    public async Task<IReadOnlyList<JobRun>> ListAsync(string? jobName, int limit, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = db.Set<JobRunEntity>().AsNoTracking();
        if (jobName is not null)
        {
            rows = rows.Where(r => r.JobName == jobName);
        }

        return (await rows.OrderByDescending(r => r.StartedAt).Take(Math.Clamp(limit, 1, IJobRunLog.MaxList)).ToListAsync(ct)).ConvertAll(ToRun);
    }

    private static JobRun ToRun(JobRunEntity r) => new()
    {
        Id = r.Id, JobName = r.JobName, Instance = r.Instance, StartedAt = r.StartedAt, FinishedAt = r.FinishedAt,
        Outcome = Enum.Parse<JobOutcome>(r.Outcome), Error = r.Error, Summary = r.Summary,
    };
}
