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

    public static string DefaultDatabase(bool demo) =>
        Path.Combine(Environment.CurrentDirectory, ".tessera", demo ? "demo.db" : "tessera.db");
}
