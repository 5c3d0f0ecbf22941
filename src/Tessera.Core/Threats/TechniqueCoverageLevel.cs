namespace Tessera.Core.Threats;

/// <summary>
/// The coverage facts threat and exposure prioritisation need, deliberately coarser than the coverage engine's
/// own model so that this code stays decoupled from it: adapt the engine's state through
/// <see cref="ITechniqueCoverageLookup"/>. Ordered from worst to best.
/// </summary>
public enum TechniqueCoverageLevel
{
    /// <summary>No detection (or unknown).</summary>
    None = 0,

    /// <summary>Some detection, but incomplete (some platforms, data sources missing, low quality).</summary>
    Partial = 1,

    /// <summary>Detection in place but never exercised by a test.</summary>
    Covered = 2,

    /// <summary>Detection exercised and confirmed (e.g. an Atomic test fired it).</summary>
    Validated = 3,
}
