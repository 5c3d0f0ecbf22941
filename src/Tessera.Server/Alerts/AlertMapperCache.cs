using System.Collections.Concurrent;
using Tessera.Core.Alerts;

namespace Tessera.Server.Alerts;

/// <summary>
/// One model build per shared data folder per process. The build takes seconds and ~100 MB, and the model is
/// immutable: every server instance (tests start several) and CLI verb reuses it and adds its own library with
/// <see cref="AlertMapper.WithLibrary"/>.
/// </summary>
public static class AlertMapperCache
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<AlertMapperBuild>>> Builds = new(StringComparer.Ordinal);

    /// <summary>The built mapper (without library) for <paramref name="sharedDataPath"/>; a failed build is not cached.</summary>
    public static async Task<AlertMapperBuild> GetAsync(string sharedDataPath)
    {
        var key = Path.GetFullPath(sharedDataPath);
        var lazy = Builds.GetOrAdd(key, k => new Lazy<Task<AlertMapperBuild>>(() => Task.Run(() => AlertMapperFactory.Build(k))));
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

    /// <summary>True when <paramref name="sharedDataPath"/> holds what the model trains on (ATT&amp;CK and Sigma at least).</summary>
    public static bool HasTrainingData(string? sharedDataPath) =>
        sharedDataPath is not null && Directory.Exists(Path.Combine(sharedDataPath, "attack")) && Directory.Exists(Path.Combine(sharedDataPath, "sigma"));
}
