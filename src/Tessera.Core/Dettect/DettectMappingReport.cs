namespace Tessera.Core.Dettect;

/// <summary>What <see cref="DettectMapper"/> would import and what it would not, each with its file and line.</summary>
public sealed record DettectMappingReport
{
    public required IReadOnlyList<DettectMappedItem> Mapped { get; init; }

    public required IReadOnlyList<DettectUnmappedItem> NotMapped { get; init; }
}

/// <summary>Tessera concepts a DeTT&amp;CT entry maps to.</summary>
public enum DettectTarget
{
    /// <summary>A detection rule exists for the technique on the named systems.</summary>
    DetectionRule,

    /// <summary>Telemetry quality for the technique (DeTT&amp;CT visibility 1–4).</summary>
    TechniqueVisibility,

    /// <summary>A collected data source usable for analytics, with a 0–5 quality.</summary>
    DataSourceQuality,

    /// <summary>A technique in a threat actor or campaign profile.</summary>
    ThreatProfileTechnique,
}

/// <summary>
/// One entry Tessera can import. <see cref="Subject"/> is the technique ID or data source name;
/// <see cref="Value"/> the score or quality; <see cref="Scope"/> the <c>applicable_to</c> systems or the group.
/// </summary>
public sealed record DettectMappedItem(
    string File, int Line, DettectTarget Target, string Subject, double Value, IReadOnlyList<string> Scope, string Detail);

/// <summary>One entry left out, with the reason (nothing is dropped silently).</summary>
public sealed record DettectUnmappedItem(string File, int Line, string Subject, string Reason);
