namespace Tessera.Core.Incidents;

/// <summary>Input for <see cref="IIncidentStore.AddObservableAsync"/>.</summary>
public sealed record NewObservable(long IncidentId, ObservableKind Kind, string Value);

/// <summary>Input for <see cref="IIncidentStore.AddLookupAsync"/>.</summary>
public sealed record NewThreatLookup
{
    public required long IncidentId { get; init; }
    public long? ObservableId { get; init; }
    public required string Provider { get; init; }
    public required string Verdict { get; init; }
    public IReadOnlyList<string> Techniques { get; init; } = [];
    public string? SourceKey { get; init; }
}

/// <summary>Input for <see cref="IIncidentAlertSink.AttachAlertAsync"/>.</summary>
public sealed record NewIncidentAlert
{
    public required long IncidentId { get; init; }
    public required string AlertId { get; init; }
    public required string Title { get; init; }
    public required string Source { get; init; }
    public required string Rule { get; init; }
    public IReadOnlyList<string> Techniques { get; init; } = [];
    public string? SourceKey { get; init; }
    /// <summary>The stored alert this comes from (see <see cref="IncidentAlertEvidence.From"/>); attached at most once per incident.</summary>
    public long? AlertRecordId { get; init; }

    /// <summary>
    /// Given whole with the attach (a raw alert, ingested for it) rather than picked from stored alerts: on an incident
    /// such an alert is the same SIEM alert as any attached one with its source and alert ID, unless the ID is a
    /// <c>line-N</c> placeholder (<see cref="Alerts.Alert.IsLineId"/>).
    /// </summary>
    public bool GivenByHand { get; init; }
}
