namespace Tessera.Core.Detection;

/// <summary>
/// ATT&amp;CK data component (v18 ID and name; 17.x data source name for the "Source: Component" string
/// that 17.x techniques list).
/// </summary>
public sealed record DataComponentRef(string Id, string Name, string DataSource)
{
    /// <summary>The 17.x form used in technique <c>x_mitre_data_sources</c>, e.g. <c>Process: Process Creation</c>.</summary>
    public string V17Name => $"{DataSource}: {Name}";
}

/// <summary>A log source as ATT&amp;CK v18 names them in <c>x_mitre_log_sources</c>: name (<c>WinEventLog:Sysmon</c>) and channel (<c>EventCode=1</c>).</summary>
public sealed record LogSourceRequirement(string Name, string Channel);

/// <summary>
/// What telemetry a detection needs, expressed in ATT&amp;CK terms. Unmapped requirements keep the source's own
/// text (e.g. the Sigma logsource) so nothing is lost and a mapping can be added later.
/// </summary>
public sealed record DataRequirement
{
    /// <summary>The requirement as the source stated it, e.g. <c>product=windows category=process_creation</c>.</summary>
    public required string SourceText { get; init; }
    public required bool IsMapped { get; init; }
    public IReadOnlyList<DataComponentRef> DataComponents { get; init; } = [];
    public IReadOnlyList<LogSourceRequirement> LogSources { get; init; } = [];

    public static DataRequirement Unmapped(string sourceText) => new() { SourceText = sourceText, IsMapped = false };
}
