using Tessera.Core.Attack;

namespace Tessera.Core.Exposures;

/// <summary>Severity bands (CVSS v3 qualitative ratings).</summary>
public enum ExposureSeverity
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}

public enum ExposureKind
{
    /// <summary>A software flaw, normally with a CVE.</summary>
    Vulnerability,

    /// <summary>A configuration weakness (no CVE).</summary>
    Misconfiguration,
}

/// <summary>One open vulnerability or misconfiguration on one asset, as imported by <see cref="ExposureImporter"/>.</summary>
public sealed record Exposure
{
    /// <summary>The scanner's or user's identifier, unique within an import.</summary>
    public required string Id { get; init; }

    public required ExposureKind Kind { get; init; }

    /// <summary>Upper-case CVE ID (<c>CVE-2024-3400</c>), null for misconfigurations.</summary>
    public string? Cve { get; init; }

    public required string Asset { get; init; }

    public required ExposureSeverity Severity { get; init; }

    /// <summary>The CVSS base score when the input gave one instead of a severity name.</summary>
    public double? Cvss { get; init; }

    public required string Title { get; init; }

    public DateTimeOffset? DetectedAt { get; init; }

    /// <summary>Techniques the input mapped by hand (column/property <c>techniques</c>); counted as manual mappings.</summary>
    public IReadOnlyList<TechniqueId> Techniques { get; init; } = [];

    /// <summary>1-based line of the row or object in the imported file.</summary>
    public int Line { get; init; }
}
