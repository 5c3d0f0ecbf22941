using Tessera.Core.Attack;

namespace Tessera.Core.Detection.Atomic;

/// <summary>
/// Reads only the technique ID and display name from the head of each Atomic Red Team technique file
/// (<c>atomics/T*/T*.yaml</c>): enough to name ATT&amp;CK IDs newer than the loaded release (see
/// <see cref="NewerTechniques"/>) without parsing 1,800 tests at start-up.
/// </summary>
public static class AtomicDisplayNames
{
    // Both keys sit in the first lines of every real file; a bounded read keeps a huge or corrupt file cheap.
    private const int HeadLines = 20;

    /// <summary>Display name by technique ID; empty when the folder does not exist. Files without both keys are skipped.</summary>
    public static IReadOnlyDictionary<string, string> Read(string atomicsFolder)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!Directory.Exists(atomicsFolder))
        {
            return names;
        }

        foreach (var dir in Directory.EnumerateDirectories(atomicsFolder, "T*").Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, Path.GetFileName(dir) + ".yaml");
            if (File.Exists(file) && ReadHead(file) is ({ } id, { Length: > 0 } name))
            {
                names[id.Value] = name;
            }
        }

        return names;
    }

    private static (TechniqueId?, string?) ReadHead(string file)
    {
        TechniqueId? id = null;
        string? name = null;
        foreach (var line in File.ReadLines(file).Take(HeadLines))
        {
            if (Value(line, "attack_technique:") is { } t && TechniqueId.TryParse(t, out var parsed))
            {
                id = parsed;
            }
            else if (Value(line, "display_name:") is { } n)
            {
                name = n;
            }
        }

        return (id, name);
    }

    // A top-level YAML scalar: plain, 'single' ('' escapes a quote) or "double" quoted.
    private static string? Value(string line, string key)
    {
        if (!line.StartsWith(key, StringComparison.Ordinal))
        {
            return null;
        }

        var v = line[key.Length..].Trim();
        if (v.Length >= 2 && v[0] == '\'' && v[^1] == '\'')
        {
            return v[1..^1].Replace("''", "'", StringComparison.Ordinal).Trim();
        }

        return v.Length >= 2 && v[0] == '"' && v[^1] == '"' ? v[1..^1].Trim() : v;
    }
}
