using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tessera.Server.Hosting;

namespace Tessera.Server.Knowledge;

/// <summary>
/// Loads, while running, the releases another instance on the same database loaded from a collection index and
/// remembered (<see cref="IndexImportMemory"/>): every <see cref="TesseraServerOptions.RememberedReleaseCheck"/>, the
/// remembered releases this instance lacks are loaded. A release that fails to load here (index moved, URL unreachable
/// from this instance) is tried again after <see cref="RetryAfter"/>, not on every check.
/// </summary>
public sealed class RememberedReleaseFollower(IndexImportMemory memory, KnowledgeBaseHost knowledge, TesseraServerOptions options,
    TimeProvider time, ILogger<RememberedReleaseFollower> log) : IHostedService
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(15);

    private readonly Dictionary<RememberedRelease, DateTimeOffset> _failedUntil = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private InstanceLoop? _loop;

    /// <summary>When a release that failed to load here is tried again; null when it has not failed lately.</summary>
    public DateTimeOffset? RetryAt(RememberedRelease release)
    {
        lock (_failedUntil)
        {
            return _failedUntil.TryGetValue(Key(release), out var until) ? until : null;
        }
    }

    /// <summary>Loads the remembered releases this instance lacks (those that failed lately excepted); returns how many loaded.</summary>
    public async Task<int> FollowAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            var due = (await memory.ListAsync(ct))
                .Where(r => !IndexImportMemory.IsLoaded(knowledge, r) && !(RetryAt(r) > now))
                .ToList();
            if (due.Count == 0)
            {
                return 0;
            }

            var errors = await IndexImportMemory.LoadAsync(knowledge, due, ct);
            var loaded = 0;
            foreach (var release in due)
            {
                var ok = IndexImportMemory.IsLoaded(knowledge, release);
                lock (_failedUntil)
                {
                    if (ok)
                    {
                        _failedUntil.Remove(Key(release));
                    }
                    else
                    {
                        _failedUntil[Key(release)] = now + RetryAfter;
                    }
                }

                if (ok)
                {
                    loaded++;
                    log.LogInformation("Loaded ATT&CK {Version} ({Domain}) remembered by {By} from {Index}", release.Version, release.Domain ?? "all domains",
                        release.RememberedBy, release.Index);
                }
            }

            foreach (var error in errors)
            {
                log.LogWarning("ATT&CK load error: {Error}", error);
            }

            return loaded;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = new InstanceLoop(options.RememberedReleaseCheck, time, log, "Following remembered ATT&CK releases", async (_, ct) => await FollowAsync(ct));
        _loop.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _loop?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    // Who remembered it and when do not make another release.
    private static RememberedRelease Key(RememberedRelease r) => r with { RememberedBy = "", RememberedAt = default };
}
