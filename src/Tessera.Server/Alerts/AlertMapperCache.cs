using System.Collections.Concurrent;
using Tessera.Core.Alerts;

namespace Tessera.Server.Alerts;

/// <summary>
/// One model build per shared data folder per process. The build takes seconds and ~100 MB, and the model is
/// immutable: every server instance (tests start several) and CLI verb reuses it and adds its own library with
/// <see cref="AlertMapper.WithLibrary"/>. Across processes, the trained model is kept in <see cref="ModelFolder"/>.
/// </summary>
public static class AlertMapperCache
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<AlertMapperBuild>>> Builds = new(StringComparer.Ordinal);

    /// <summary>The built mapper (without library) for <paramref name="sharedDataPath"/>; a failed build is not cached.</summary>
    public static async Task<AlertMapperBuild> GetAsync(string sharedDataPath)
    {
        var key = Path.GetFullPath(sharedDataPath);
        var lazy = Builds.GetOrAdd(key, k => new Lazy<Task<AlertMapperBuild>>(() => Task.Run(() => AlertMapperFactory.Build(k, modelFolder: ModelFolder()))));
        try
        {
            return await lazy.Value.ConfigureAwait(false);
        }
        catch
        {
            Builds.TryRemove(new KeyValuePair<string, Lazy<Task<AlertMapperBuild>>>(key, lazy));
            throw;
        }
    }

    /// <summary>Environment variable naming the folder for trained alert models; <c>off</c> turns saving and loading off.</summary>
    public const string ModelFolderEnvironmentVariable = "TESSERA_MODEL_CACHE";

    /// <summary>
    /// Where trained alert models are kept between runs (<see cref="AlertMapperFactory.Build(string, Core.Alerts.Library.AlertLibrary?, Core.Alerts.Model.ModelOptions?, bool, string?)"/>):
    /// <c>TESSERA_MODEL_CACHE</c>, else <c>$XDG_CACHE_HOME/tessera/models</c>, else <c>~/.cache/tessera/models</c>; null when
    /// the variable is <c>off</c> or there is no home folder.
    /// </summary>
    public static string? ModelFolder()
    {
        var configured = Environment.GetEnvironmentVariable(ModelFolderEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim().Equals("off", StringComparison.OrdinalIgnoreCase) ? null : Path.GetFullPath(configured.Trim());
        }

        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cache))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home))
            {
                return null;
            }

            cache = Path.Combine(home, ".cache");
        }

        return Path.Combine(cache, "tessera", "models");
    }

    /// <summary>True when <paramref name="sharedDataPath"/> holds what the model trains on (ATT&amp;CK and Sigma at least).</summary>
    public static bool HasTrainingData(string? sharedDataPath) =>
        sharedDataPath is not null && Directory.Exists(Path.Combine(sharedDataPath, "attack")) && Directory.Exists(Path.Combine(sharedDataPath, "sigma"));
}
