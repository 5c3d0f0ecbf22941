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

    public ExposureStatus Status { get; init; } = ExposureStatus.Open;

    /// <summary>Why the status was last set (required for <see cref="ExposureStatus.Accepted"/>), at most <see cref="MaxStatusReasonChars"/>.</summary>
    public string? StatusReason { get; init; }

    /// <summary>Who last changed the status (a user, or the importer that reopened it); null until the first change.</summary>
    public string? StatusChangedBy { get; init; }

    public DateTimeOffset? StatusChangedAt { get; init; }

    /// <summary>A reason is a sentence or two for the audit trail, not a report: longer text belongs in a ticket it can link to.</summary>
    public const int MaxStatusReasonChars = 500;
}
