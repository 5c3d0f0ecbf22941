namespace Tessera.Core.Alerts;

/// <summary>
/// One SIEM/IDS alert normalised from any supported shape. Text fields are plain text: HTML or script in a
/// title is kept verbatim and never interpreted; control characters are removed on ingest.
/// </summary>
public sealed record Alert
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string Description { get; init; } = "";
    /// <summary>Product that raised the alert, e.g. "suricata", "wazuh", "elastic", "sigma", or the generic "source".</summary>
    public required string Source { get; init; }
    public AlertShape Shape { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    /// <summary>Every scalar of the raw document flattened to dotted keys (<c>alert.signature</c>, <c>data.srcip</c>); arrays joined with ", ".</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
    /// <summary>Technique IDs the vendor attached (Suricata metadata, Wazuh rule.mitre, ECS threat.*, Sigma tags).</summary>
    public IReadOnlyList<VendorTechniqueHint> VendorHints { get; init; } = [];
    /// <summary>True when the title exceeded <see cref="Ingest.AlertParser.MaxTitleChars"/> and was cut.</summary>
    public bool TitleTruncated { get; init; }

    /// <summary>The ID ingest gives an alert sent without one: <c>line-N</c>, its place in the input.</summary>
    public static string LineId(int line) => $"line-{line}";

    /// <summary>
    /// True for a <see cref="LineId"/>, which says where an alert stood in its input, not which SIEM alert it is.
    /// </summary>
    public static bool IsLineId(string id) =>
        id.StartsWith("line-", StringComparison.Ordinal) && id.Length > 5 && id.AsSpan(5).IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>Convenience constructor for callers that only have a title (benchmarks, the UI's "try a title" box).</summary>
    public static Alert FromTitle(string title, string id = "", string source = "generic") =>
        new() { Id = id, Title = title, Source = source, Shape = AlertShape.Generic };
}

/// <summary>Which input shape an alert was read from.</summary>
public enum AlertShape
{
    Generic,
    Suricata,
    Wazuh,
    Elastic,
    Sigma,
}

/// <summary>A technique ID found in vendor metadata, with the field it came from (shown in <c>why</c>).</summary>
public sealed record VendorTechniqueHint(string TechniqueId, string Field, string? Name = null);
