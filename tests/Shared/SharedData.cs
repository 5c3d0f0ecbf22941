namespace Tessera.Tests.Shared;

/// <summary>
/// Locates the read-only public data sets in <c>../shared/data</c> (beside the repository root).
/// Tests read real data from there and never copy it into the repository.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(Locate);

    /// <summary>Absolute path of <c>shared/data</c>; throws with a clear message when it is missing.</summary>
    public static string Path => Root.Value;

    public static string Attack(string file) => System.IO.Path.Combine(Path, "attack", file);

    public static string Enterprise181 => Attack("enterprise-attack-18.1.json");

    public static string Enterprise171 => Attack("enterprise-attack-17.1.json");

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Locate()
    {
        var env = Environment.GetEnvironmentVariable("TESSERA_SHARED_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
        {
            return System.IO.Path.GetFullPath(env);
        }

        // Walk up from the test binary until a folder has shared/data beside it (../shared/data of the repo root).
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "attack")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            "shared/data not found above " + AppContext.BaseDirectory + "; set TESSERA_SHARED_DATA to its path");
    }
}
