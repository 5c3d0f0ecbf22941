namespace Tessera.Core.Jobs;

/// <summary>How one run of a background job ended.</summary>
public enum JobOutcome
{
    Succeeded,

    /// <summary>The job threw; <see cref="JobRun.Error"/> says what.</summary>
    Failed,

    /// <summary>The instance lost the job's lease mid-run (renewal failed) and stopped the job.</summary>
    LeaseLost,
}

/// <summary>One run of a named background job on one instance.</summary>
public sealed record JobRun
{
    public required Guid Id { get; init; }

    public required string JobName { get; init; }

    /// <summary>The instance that held the lease and ran it.</summary>
    public required string Instance { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public required JobOutcome Outcome { get; init; }

    /// <summary>Exception type and message when the run failed; null otherwise.</summary>
    public string? Error { get; init; }

    /// <summary>A one-line summary the job returned (e.g. "3 delivered, 1 retry scheduled").</summary>
    public string? Summary { get; init; }

    public TimeSpan Duration => FinishedAt - StartedAt;
}
