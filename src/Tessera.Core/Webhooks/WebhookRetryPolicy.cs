namespace Tessera.Core.Webhooks;

/// <summary>
/// Retry schedule: attempt n (n ≥ 1) failing with a retryable outcome waits
/// <c>min(InitialDelay × Multiplier^(n−1), MaxDelay)</c>, or the receiver's <c>Retry-After</c> when longer
/// (also capped), before attempt n+1. Defaults: 6 attempts over about 5 minutes (10 s, 20 s, 40 s, 80 s, 160 s),
/// long enough to ride out a receiver restart, short enough that a regression alert is still news.
/// </summary>
public sealed record WebhookRetryPolicy
{
    public int MaxAttempts { get; init; } = 6;

    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(10);

    public double Multiplier { get; init; } = 2;

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Per-attempt limit; a receiver should acknowledge quickly and process later.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public static WebhookRetryPolicy Default { get; } = new();

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based), honouring a longer <paramref name="retryAfter"/>.</summary>
    public TimeSpan DelayAfter(int attempt, TimeSpan? retryAfter = null)
    {
        var backoff = InitialDelay * Math.Pow(Multiplier, Math.Max(0, attempt - 1));
        var wait = retryAfter is { } asked && asked > backoff ? asked : backoff;
        return wait > MaxDelay ? MaxDelay : wait;
    }
}
