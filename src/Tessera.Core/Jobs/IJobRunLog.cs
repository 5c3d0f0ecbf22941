namespace Tessera.Core.Jobs;

/// <summary>Shared record of background job runs across every instance on one database.</summary>
public interface IJobRunLog
{
    /// <summary>Appends a finished run.</summary>
    Task AppendAsync(JobRun run, CancellationToken ct);

    /// <summary>The most recent run of <paramref name="jobName"/> by start time on any instance, or null.</summary>
    Task<JobRun?> LastAsync(string jobName, CancellationToken ct);

    /// <summary>Most runs one list returns.</summary>
    const int MaxList = 500;

    /// <summary>The newest <paramref name="limit"/> runs (1..<see cref="MaxList"/>) of a job (or of every job when null), newest first.</summary>
    Task<IReadOnlyList<JobRun>> ListAsync(string? jobName, int limit, CancellationToken ct);
}
