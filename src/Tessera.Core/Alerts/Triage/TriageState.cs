namespace Tessera.Core.Alerts.Triage;

/// <summary>Where an ingested alert stands in triage: untouched, or the analyst's last decision on its suggestions.</summary>
public enum TriageState
{
    New,
    Confirmed,
    Corrected,
    Rejected,
}
