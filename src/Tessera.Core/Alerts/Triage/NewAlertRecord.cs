namespace Tessera.Core.Alerts.Triage;

/// <summary>An alert to store: the parsed alert, its raw JSON and the mapping made on arrival.</summary>
public sealed record NewAlertRecord
{
    /// <summary>Largest raw document kept (chars). Real EVE/Wazuh/ECS alerts are a few KB; the rest is cut and flagged, the parsed fields were already used for mapping.</summary>
    public const int MaxRawJsonChars = 64 * 1024;

    public required Alert Alert { get; init; }
    public required string RawJson { get; init; }
    public required string MappingJson { get; init; }
}
