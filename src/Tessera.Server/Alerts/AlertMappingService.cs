using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Library;
using Tessera.Server.Hosting;

namespace Tessera.Server.Alerts;

/// <summary>
/// Owns the server's alert mapper: builds it in the background at start-up (from the shared data folder beside the
/// ATT&amp;CK sources), opens the library from storage and keeps it there (every analyst decision is saved by the
/// library's store as it is made, and the in-memory index sees it on the next alert, without a restart). Decisions
/// stored by other processes (instances on the same database, a CLI import) are picked up every
/// <see cref="TesseraServerOptions.AlertLibraryRefresh"/>.
/// </summary>
public sealed class AlertMappingService(TesseraServerOptions options, IAlertLibraryStore store, TimeProvider time, ILogger<AlertMappingService> log)
    : IHostedService
{
    /// <summary>How long a request waits for a mapper that is still being built before answering 503.</summary>
    public TimeSpan BuildWait => options.AlertMapperBuildWait;

    private readonly Lock _gate = new();
    private Task<AlertMapper?>? _build;
    private Task<AlertLibrary>? _library;
    private string _problem = "the alert mapper has not started";
    private InstanceLoop? _refresh;

    /// <summary>Why mapping is unavailable (no shared data, build failure), or null when ready.</summary>
    public string? Problem => _build is { IsCompletedSuccessfully: true, Result: not null } ? null : _problem;

    /// <summary>Starts the build once; later calls return the same task. Safe before the host starts (demo seeding).</summary>
    public Task<AlertMapper?> StartBuild()
    {
        lock (_gate)
        {
            return _build ??= Task.Run(BuildAsync);
        }
    }

    /// <summary>The mapper with the library, waiting up to <paramref name="wait"/> for the build; null with <see cref="Problem"/> set otherwise.</summary>
    public async Task<AlertMapper?> GetMapperAsync(TimeSpan wait, CancellationToken ct)
    {
        var build = StartBuild();
        try
        {
            return await build.WaitAsync(wait, ct);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>The library loaded from storage (also when mapping itself is unavailable, so it can still be browsed and exported).</summary>
    public Task<AlertLibrary> GetLibraryAsync()
    {
        lock (_gate)
        {
            // Not cancellable: the one shared load must not die with the first caller's request.
            return _library ??= AlertLibrary.OpenAsync(store, time, CancellationToken.None);
        }
    }

    /// <summary>
    /// Reads the whole library from storage again, into the same instance the mapper uses: after an ATT&amp;CK migration
    /// rewrote entries, a stale copy would show and suggest the old IDs.
    /// </summary>
    public async Task<int> ReloadLibraryAsync(CancellationToken ct) =>
        LoadedLibrary is { } library ? await library.ReloadAsync(ct) : 0;

    /// <summary>
    /// Picks up decisions other processes stored since the last refresh (the background loop calls this every
    /// <see cref="TesseraServerOptions.AlertLibraryRefresh"/>); returns how many entries changed, 0 when the library is not loaded yet.
    /// </summary>
    public async Task<int> RefreshLibraryAsync(CancellationToken ct) =>
        LoadedLibrary is { } library ? await library.RefreshAsync(ct) : 0;

    private AlertLibrary? LoadedLibrary
    {
        get
        {
            lock (_gate)
            {
                return _library is { IsCompletedSuccessfully: true } loaded ? loaded.Result : null;
            }
        }
    }

    /// <summary>The mapper when already built, else null (UI rendering never blocks on the build).</summary>
    public AlertMapper? Current => _build is { IsCompletedSuccessfully: true } b ? b.Result : null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        StartBuild();
        // Every 120th tick reads the whole library again, which also covers entries rewritten in place.
        _refresh = new InstanceLoop(options.AlertLibraryRefresh, time, log, "Alert library refresh", async (tick, ct) =>
        {
            var changed = tick % 120 == 0 ? await ReloadLibraryAsync(ct) : await RefreshLibraryAsync(ct);
            if (changed > 0)
            {
                log.LogInformation("Alert library: {Changed} entries changed by other processes", changed);
            }
        });
        _refresh.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _refresh?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    private async Task<AlertMapper?> BuildAsync()
    {
        var folder = TesseraWebApp.SharedDataFolder(options);
        if (!AlertMapperCache.HasTrainingData(folder))
        {
            _problem = "alert mapping needs the shared public data folder (ATT&CK, Sigma, Atomic Red Team, CTID) beside the ATT&CK sources; "
                       + "none was found next to " + string.Join(", ", options.AttackSources);
            log.LogWarning("Alert mapping unavailable: {Problem}", _problem);
            return null;
        }

        _problem = "the alert mapper is still being built (a few seconds after start-up); retry shortly";
        try
        {
            var built = await AlertMapperCache.GetAsync(folder!);
            var library = await GetLibraryAsync();
            log.LogInformation("Alert mapper ready in {Elapsed} with {Entries} library entries", built.Elapsed, library.Count);
            foreach (var note in built.Notes.Where(n => n.StartsWith("alert model", StringComparison.Ordinal)))
            {
                log.LogInformation("Alert mapper: {Note}", note);
            }

            // Training peaks at several hundred MB of short-lived data (corpus, features, two models); the GC would keep
            // that memory committed for the life of the process. One aggressive collection returns it to the system.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            return built.Mapper.WithLibrary(library);
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or InvalidOperationException or UnauthorizedAccessException
                                       or System.Data.Common.DbException)
        {
            _problem = "the alert mapper could not be built: " + ex.Message;
            log.LogError(ex, "Alert mapper build failed");
            return null;
        }
    }
}
