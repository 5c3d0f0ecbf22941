using Tessera.Core.Attack;

namespace Tessera.Core.Exposures;

/// <summary>
/// A technique mapped by hand to a CVE, applying to every exposure with that CVE on any asset (now or imported later): what
/// an analyst records once when a scan reports a CVE the CTID KEV mappings do not cover on many assets.
/// </summary>
public sealed record CveTechniqueMapping(CveId Cve, TechniqueId Technique, string AddedBy, DateTimeOffset AddedAt)
{
    /// <summary>The mapping as <see cref="KevTechniqueMap.WithManual"/> takes it (type Manual, origin <see cref="KevTechniqueMap.ManualCveOrigin"/>).</summary>
    public ManualTechniqueMapping ToManual() => new(Cve.Value, Technique);
}

/// <summary>The outcome of <see cref="IExposureStore.AddCveMappingAsync"/>: the stored mapping and whether this call added it.</summary>
public sealed record CveMappingAdded(CveTechniqueMapping Mapping, bool Added);
