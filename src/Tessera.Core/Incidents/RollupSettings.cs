namespace Tessera.Core.Incidents;

/// <summary>
/// Which derived origins roll up to the incident automatically. When a kind is off, an analyst rolls up one
/// lookup / observable / child / alert rule by hand (<see cref="IncidentService.RollUpAsync"/>).
/// Defaults: lookups, children and alerts on; observables off (observable lookups are often noisy).
/// </summary>
public sealed record RollupSettings
{
    public const string SettingKey = "incidents.rollup";

    public bool ThreatLookups { get; init; } = true;
    public bool Observables { get; init; }
    public bool ChildIncidents { get; init; } = true;
    public bool Alerts { get; init; } = true;

    public bool IsAutomatic(OriginKind kind) => kind switch
    {
        OriginKind.ThreatLookup => ThreatLookups,
        OriginKind.Observable => Observables,
        OriginKind.ChildIncident => ChildIncidents,
        OriginKind.Alert => Alerts,
        _ => false,
    };
}
