namespace Tessera.Core.Exposures;

/// <summary>
/// How a CVE relates to a technique, after the CTID Mappings Explorer KEV methodology: the technique used to
/// exploit it, the primary and secondary impacts of exploitation, or uncategorised; plus mappings made by hand.
/// </summary>
public enum ExposureMappingType
{
    ExploitationTechnique,
    PrimaryImpact,
    SecondaryImpact,
    Uncategorized,
    Manual,
}

/// <summary>One technique an exposure is linked to, how, and where the link came from (<c>ctid-kev</c>, <c>ctid-cve-csv</c>, <c>manual</c>, <c>manual-cve</c>, <c>import</c>).</summary>
public sealed record ExposureTechniqueLink(Attack.TechniqueId Technique, ExposureMappingType Type, string Origin);

/// <summary>
/// A hand-made mapping. <paramref name="Subject"/> is a CVE ID (applies to every exposure with that CVE) or an
/// exposure ID (applies to that exposure only, e.g. a misconfiguration).
/// </summary>
public sealed record ManualTechniqueMapping(string Subject, Attack.TechniqueId Technique, ExposureMappingType Type = ExposureMappingType.Manual);
