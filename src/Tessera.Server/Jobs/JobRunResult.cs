using Tessera.Core.Jobs;

namespace Tessera.Server.Jobs;

/// <summary>What <see cref="JobHost.RunOnceAsync"/> did: ran the job (<see cref="Run"/> set), or found its lease held elsewhere, or the job not due.</summary>
public sealed record JobRunResult(JobRunStatus Status, JobRun? Run)
{
    public static JobRunResult LeaseHeld { get; } = new(JobRunStatus.LeaseHeldElsewhere, null);
    public static JobRunResult NotDue { get; } = new(JobRunStatus.NotDue, null);
}

public enum JobRunStatus
{
    Ran,
    LeaseHeldElsewhere,
    NotDue,
}
