using Tessera.Core.Attack;

namespace Tessera.Core.Coverage;

/// <summary>
/// Unfiltered coverage of a collection, recomputed at most every <see cref="MaxAge"/> and on <see cref="Invalidate"/>.
/// For hot read paths (SOAR enrichment asks per alert) where loading every rule and run per request would dominate;
/// pages and exports that must show the latest write call <see cref="CoverageService"/> directly.
/// </summary>
public sealed class CoverageReportCache(CoverageService coverage, TimeProvider time)
{
    /// <summary>
    /// How stale an answer may be. Writes through this instance invalidate at once; this bound covers changes made
    /// by the CLI or another server instance on the same database.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (CoverageReport Report, DateTimeOffset At, long Generation)> _reports = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>The cached report for <paramref name="attack"/>, computing it when missing, invalidated or older than <see cref="MaxAge"/>.</summary>
    public async Task<CoverageReport> GetAsync(AttackCollection attack, CancellationToken ct)
    {
        if (Fresh(attack.Info.Key) is { } cached)
        {
            return cached;
        }

        // One computation at a time: a burst of requests after expiry waits for one recompute instead of starting many.
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (Fresh(attack.Info.Key) is { } again)
            {
                return again;
            }

            var generation = Interlocked.Read(ref _generation);
            var report = await coverage.ComputeAsync(attack, null, ct).ConfigureAwait(false);
            lock (_reports)
            {
                _reports[attack.Info.Key] = (report, time.GetUtcNow(), generation);
            }

            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops every cached report; the next <see cref="GetAsync"/> recomputes.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    private CoverageReport? Fresh(string key)
    {
        lock (_reports)
        {
            return _reports.TryGetValue(key, out var entry) && entry.Generation == Interlocked.Read(ref _generation)
                && time.GetUtcNow() - entry.At < MaxAge
                ? entry.Report
                : null;
        }
    }
}
