namespace Tessera.Core.Alerts.Decomposition;

/// <summary>
/// An alert taken apart the way an analyst reads it: who raised it (prefix), which product and component
/// are targeted, where (protocol, path, port), what activity, which indicators, and what those parts imply.
/// </summary>
public sealed record AlertParts
{
    /// <summary>Rule-set prefixes such as "ET EXPLOIT", with their meaning.</summary>
    public IReadOnlyList<AlertPart> Prefixes { get; init; } = [];
    /// <summary>Products/vendors named in the alert (vBulletin, Apache Struts, Exchange …) with their exposure.</summary>
    public IReadOnlyList<AlertPart> Products { get; init; } = [];
    /// <summary>Affected component words (e.g. "routestring", "widgetConfig"): identifiers that are not dictionary words.</summary>
    public IReadOnlyList<string> Components { get; init; } = [];
    /// <summary>Activities recognised (remote code execution, brute force, beaconing …).</summary>
    public IReadOnlyList<AlertPart> Activities { get; init; } = [];
    /// <summary>ATT&amp;CK groups, software and campaigns named in the title (Ryuk, OilRig …), with what ATT&amp;CK records about them.</summary>
    public IReadOnlyList<AlertPart> Threats { get; init; } = [];
    /// <summary>Cloud, SaaS or container platforms the title names ("AWS" → IaaS), as ATT&amp;CK platform names.</summary>
    public IReadOnlyList<AlertPart> Platforms { get; init; } = [];
    public AlertLocation Location { get; init; } = new();
    public IReadOnlyList<Indicator> Indicators { get; init; } = [];
    /// <summary>Technique evidence implied by the parts (rules, KEV, ATT&amp;CK groups and software), merged with the model by the mapper.</summary>
    public IReadOnlyList<RuleEvidence> Evidence { get; init; } = [];
}

/// <summary>A recognised part and what it connotes, e.g. ("vBulletin", "public-facing web application").</summary>
public sealed record AlertPart(string Name, string Connotation);

/// <summary>Where the activity happens.</summary>
public sealed record AlertLocation
{
    public IReadOnlyList<string> Protocols { get; init; } = [];
    public IReadOnlyList<string> Paths { get; init; } = [];
    public IReadOnlyList<int> Ports { get; init; } = [];
}

/// <summary>An observable pulled from the alert. Kinds: cve, technique (an ATT&amp;CK ID written in the text), ip, domain, url, path, file, process, command-line, hash, registry, port.</summary>
public sealed record Indicator(string Kind, string Value);

/// <summary>A technique implied by a part, its additive score weight, and the human reason shown in <c>why</c>.</summary>
public sealed record RuleEvidence(string TechniqueId, float Weight, string Reason, string Origin);
