namespace Tessera.Server.Jobs;

/// <summary>
/// A periodic background job. The <see cref="JobHost"/> runs it on one instance at a time (while holding its lease)
/// and logs each run; <paramref name="ct"/> is cancelled when the instance stops or loses the lease, so stop promptly.
/// </summary>
public interface ITesseraJob
{
    /// <summary>Does one round of work and returns a one-line summary for the run log (or null).</summary>
    Task<string?> RunAsync(CancellationToken ct);
}

/// <summary>A job known to the host: its unique name (also its lease name), how often it is due, and its implementation type.</summary>
public sealed record JobRegistration(string Name, TimeSpan Interval, Type JobType);

/// <summary>This process's identity as a lease owner and in the run log: host name plus a random suffix, unique per start.</summary>
public sealed record JobInstance(string Id)
{
    public static JobInstance CreateUnique() => new($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}");
}
