using Tessera.Core.Attack;

namespace Tessera.Core.Detection.Sigma;

/// <summary>Options for <see cref="SigmaRuleParser"/>.</summary>
public sealed record SigmaParserOptions
{
    /// <summary>
    /// ATT&amp;CK release to check technique and tactic tags against. When null, technique IDs are only
    /// checked for shape and tactics against the built-in Enterprise 18 list.
    /// </summary>
    public AttackCollection? Attack { get; init; }

    /// <summary>1 MiB per file: see <c>YamlLimits.MaxBytes</c> for the reasoning (largest SigmaHQ rule is ~295 KB).</summary>
    public long MaxFileBytes { get; init; } = 1 << 20;

    public static SigmaParserOptions Default { get; } = new();
}
