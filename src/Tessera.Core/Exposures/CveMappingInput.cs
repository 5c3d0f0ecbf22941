using Tessera.Core.Attack;
using Tessera.Core.Text;

namespace Tessera.Core.Exposures;

/// <summary>One rejected field of a CVE mapping request: <c>cve</c> or <c>technique</c>.</summary>
public sealed record CveMappingError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>A CVE mapping request as typed IDs, or every field it got wrong.</summary>
public sealed record CveMappingInput
{
    public CveId Cve { get; init; }

    public TechniqueId Technique { get; init; }

    /// <summary>Empty when both fields parsed.</summary>
    public IReadOnlyList<CveMappingError> Errors { get; init; } = [];

    public bool Succeeded => Errors.Count == 0;

    /// <summary>
    /// Parses both fields (trimmed, case-insensitive), collecting an error per bad field. A well-formed technique ID that the
    /// loaded ATT&amp;CK release does not know is accepted, as for per-exposure mappings: views show it without a name.
    /// </summary>
    public static CveMappingInput Parse(string? cve, string? technique)
    {
        var errors = new List<CveMappingError>();
        if (!CveId.TryParse(cve, out var cveId))
        {
            errors.Add(new CveMappingError("cve", CveId.NotACveId(Echo.Clip(cve, 40)) + "."));
        }

        if (!TechniqueId.TryParse(technique, out var techniqueId))
        {
            errors.Add(new CveMappingError("technique", $"'{Echo.Clip(technique, 40)}' is not a technique ID (expected T1234 or T1234.567)."));
        }

        return new CveMappingInput { Cve = cveId, Technique = techniqueId, Errors = errors };
    }
}
