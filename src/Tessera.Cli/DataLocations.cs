namespace Tessera.Cli;

/// <summary>
/// Default locations when the user names none: ATT&amp;CK bundles in <c>shared/data/attack</c> beside the
/// repository (the demo and tests use it), the database in <c>.tessera/</c> under the working directory.
/// </summary>
public static class DataLocations
{
    public const string AttackEnvironmentVariable = "TESSERA_ATTACK_DATA";

    /// <summary>The default ATT&amp;CK folder, or null when there is none; the user then passes <c>--attack</c>.</summary>
    public static string? DefaultAttackFolder()
    {
        var env = Environment.GetEnvironmentVariable(AttackEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            return env;
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "attack");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    public const string SharedDataEnvironmentVariable = "TESSERA_SHARED_DATA";

    /// <summary>
    /// The public data folder the alert mapper trains on (ATT&amp;CK, Sigma, Atomic, CTID): TESSERA_SHARED_DATA, else the
    /// folder holding the default ATT&amp;CK folder when it has Sigma beside it; null when there is none (pass <c>--data</c>).
    /// </summary>
    public static string? DefaultSharedDataFolder()
    {
        var env = Environment.GetEnvironmentVariable(SharedDataEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            return env;
        }

        var parent = DefaultAttackFolder() is { } attack ? Path.GetDirectoryName(Path.GetFullPath(attack).TrimEnd('/')) : null;
        return parent is not null && Directory.Exists(Path.Combine(parent, "sigma")) ? parent : null;
    }

    public static string DefaultDatabase(bool demo) =>
        Path.Combine(Environment.CurrentDirectory, ".tessera", demo ? "demo.db" : "tessera.db");
}
