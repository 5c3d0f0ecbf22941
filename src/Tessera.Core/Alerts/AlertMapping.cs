using Tessera.Core.Alerts.Decomposition;

namespace Tessera.Core.Alerts;

/// <summary>The mapper's answer for one alert (the CLI/REST record; serialise with <see cref="AlertMappingJson"/>).</summary>
public sealed record AlertMapping
{
    public required string Id { get; init; }
    /// <summary>Best first: analyst-confirmed, then vendor metadata, then model suggestions.</summary>
    public required IReadOnlyList<TechniqueSuggestion> Techniques { get; init; }
    public required AlertParts Parts { get; init; }
    public required string Summary { get; init; }
    /// <summary>Library signature of the title (lower-case, variable parts replaced by placeholders).</summary>
    public required string Signature { get; init; }
    /// <summary>Non-fatal findings, e.g. the title was truncated or a technique is unknown to the loaded ATT&amp;CK release.</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];
}

/// <summary>One suggested technique with provenance and explanation.</summary>
public sealed record TechniqueSuggestion
{
    public required string Id { get; init; }
    /// <summary>
    /// Name from the loaded ATT&amp;CK collection; for an ID it lacks (e.g. v19), the name newer Atomic Red Team content
    /// gives it, or null when nothing names it.
    /// </summary>
    public string? Name { get; init; }
    /// <summary>For an ID newer than the loaded release: the loaded release's technique of the same name (T1685 → T1562.001).</summary>
    public string? SameAs { get; init; }
    public IReadOnlyList<string> Tactics { get; init; } = [];
    /// <summary>In [0,1]. Model confidences are temperature-calibrated probabilities; library/vendor ones are fixed levels (see docs).</summary>
    public required double Confidence { get; init; }
    /// <summary>Where the suggestion comes from: analyst, analyst-similar, vendor or model.</summary>
    public required SuggestionOrigin Origin { get; init; }
    public IReadOnlyList<string> Why { get; init; } = [];
}

/// <summary>Provenance of a suggestion, in precedence order.</summary>
public enum SuggestionOrigin
{
    Analyst,
    AnalystSimilar,
    Vendor,
    Model,
}
