using Microsoft.Extensions.Logging;

namespace Tessera.Server.Hosting;

/// <summary>
/// Work each instance repeats on a timer for itself (not a cluster job: see <c>Jobs/</c> for those), such as picking up
/// what other instances stored. A failing tick is logged and the next one runs; stopping waits for a tick in progress.
/// </summary>
public sealed class InstanceLoop(TimeSpan interval, TimeProvider time, ILogger log, string what, Func<long, CancellationToken, Task> tick)
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    public void Start() => _running ??= Task.Run(() => RunAsync(_stop.Token));

    public async Task StopAsync(CancellationToken ct)
    {
        await _stop.CancelAsync();
        if (_running is { } running)
        {
            await running.WaitAsync(ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, time);
        for (var n = 1L; await NextAsync(timer, ct); n++)
        {
            try
            {
                await tick(n, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // The database or a source may be briefly away; the next tick tries again.
                log.LogWarning(ex, "{What} failed", what);
            }
        }
    }

    private static async Task<bool> NextAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
