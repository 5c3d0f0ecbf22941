namespace Tessera.Core.Detection.Yaml;

/// <summary>Caps applied while loading untrusted YAML. Every limit fails the file with a located error.</summary>
internal sealed record YamlLimits
{
    /// <summary>
    /// 1 MiB: the largest SigmaHQ rule (driver_load_win_vuln_drivers.yml, a hash list) is about 295 KB and the
    /// largest Atomic technique about 94 KB, so this leaves 3x headroom while bounding memory per parallel parse.
    /// </summary>
    public long MaxBytes { get; init; } = 1 << 20;

    /// <summary>Sigma and Atomic content nests at most about 6 levels; 32 stops pathological nesting before recursion hurts.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>
    /// Nodes counted with aliases expanded. The largest real files have a few thousand nodes; a billion-laughs
    /// document reaches this cap after a handful of alias levels and fails at once instead of exploding.
    /// </summary>
    public long MaxExpandedNodes { get; init; } = 250_000;

    public static YamlLimits Default { get; } = new();
}
