using Tessera.Core.Attack;

namespace Tessera.Core.Exposures;

/// <summary>A technique an analyst linked to one stored exposure by hand; kept across re-imports.</summary>
public sealed record ManualExposureTechnique(TechniqueId Technique, string AddedBy, DateTimeOffset AddedAt);

/// <summary>An exposure as stored: the last imported values, its stable key and the techniques mapped to it by hand.</summary>
public sealed record StoredExposure
{
    public required Guid Id { get; init; }

    /// <summary>See <see cref="ExposureKey"/>.</summary>
    public required string Key { get; init; }

    /// <summary>The values of the latest import (its <see cref="Exposure.Techniques"/> are the file's own mappings).</summary>
    public required Exposure Exposure { get; init; }

    public IReadOnlyList<ManualExposureTechnique> ManualTechniques { get; init; } = [];

    public required DateTimeOffset FirstImported { get; init; }

    public required DateTimeOffset LastImported { get; init; }

    public string? ImportedBy { get; init; }
}
