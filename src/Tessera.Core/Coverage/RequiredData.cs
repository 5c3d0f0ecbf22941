namespace Tessera.Core.Coverage;

/// <summary>
/// One kind of telemetry ATT&amp;CK says a technique needs (a data component, with the v18 log sources its analytics
/// name) and whether the inventory provides it.
/// </summary>
public sealed record RequiredData
{
    /// <summary>Data component ATT&amp;CK ID (<c>DC0032</c>), or empty for a 17.x name without a component object.</summary>
    public required string DataComponentId { get; init; }
    public required string Name { get; init; }

    /// <summary>v18 log sources from the technique's analytics (<c>WinEventLog:Sysmon EventCode=1</c>); empty for 17.x.</summary>
    public IReadOnlyList<string> LogSources { get; init; } = [];

    /// <summary>Where ATT&amp;CK states it: analytic IDs (v18) or <c>x_mitre_data_sources</c> (17.x).</summary>
    public required string From { get; init; }
    public required bool Present { get; init; }

    /// <summary>Names of the available inventory sources that provide it.</summary>
    public IReadOnlyList<string> ProvidedBy { get; init; } = [];
}
