using Tessera.Core.Attack;

namespace Tessera.Core.Stix;

/// <summary>Caller-supplied facts and limits for reading a bundle. Content never overrides these.</summary>
public sealed record StixReadOptions
{
    /// <summary>
    /// ATT&amp;CK release to use when the bundle has no <c>x-mitre-collection</c> object (mitre/cti bundles).
    /// Ignored when the bundle states its own version.
    /// </summary>
    public string? Version { get; init; }

    /// <summary>Domain to assume when the bundle has no matrix and no <c>x_mitre_domains</c>.</summary>
    public AttackDomain? Domain { get; init; }

    /// <summary>Size cap in bytes; values above <see cref="StixBundleReader.MaxBundleBytes"/> are clamped to it.</summary>
    public long MaxBytes { get; init; } = StixBundleReader.MaxBundleBytes;

    /// <summary>Stop collecting errors after this many (the count of the rest is still reported).</summary>
    public int MaxErrors { get; init; } = 200;

    public static StixReadOptions Default { get; } = new();

    internal long EffectiveMaxBytes => Math.Clamp(MaxBytes, 0, StixBundleReader.MaxBundleBytes);
}
