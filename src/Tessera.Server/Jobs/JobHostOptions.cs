namespace Tessera.Server.Jobs;

/// <summary>How the job host polls and leases. Defaults suit production; tests turn the loop off and call RunOnceAsync.</summary>
public sealed record JobHostOptions
{
    /// <summary>False: no background loop (jobs run only through <see cref="JobHost.RunOnceAsync"/>).</summary>
    public bool RunInBackground { get; init; } = true;

    /// <summary>How often the loop checks whether a job is due; a job runs at most this long after it falls due.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Lease length; the holder renews every third of it, so a crashed instance blocks a job for at most this long.
    /// Must dwarf clock skew between instances (see EfLeaseStore).
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(2);
}
