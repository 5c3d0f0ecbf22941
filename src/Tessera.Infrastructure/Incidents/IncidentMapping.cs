using Tessera.Core.Incidents;

namespace Tessera.Infrastructure.Incidents;

/// <summary>Entity ↔ Core record conversions and the filter the list and heatmap share.</summary>
internal static class IncidentMapping
{
    public static IQueryable<IncidentEntity> Filter(IQueryable<IncidentEntity> rows, IReadOnlyList<IncidentState> states,
        IReadOnlyList<IncidentSeverity> severities, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (states.Count > 0)
        {
            var names = states.Select(s => s.ToString()).ToList();
            rows = rows.Where(i => names.Contains(i.State));
        }

        if (severities.Count > 0)
        {
            var names = severities.Select(s => s.ToString()).ToList();
            rows = rows.Where(i => names.Contains(i.Severity));
        }

        if (from is { } start)
        {
            rows = rows.Where(i => i.CreatedAt >= start);
        }

        if (to is { } end)
        {
            rows = rows.Where(i => i.CreatedAt < end);
        }

        return rows;
    }

    public static Incident ToIncident(IncidentEntity e) => new()
    {
        Id = e.Id,
        Title = e.Title,
        Description = e.Description,
        Severity = Enum.Parse<IncidentSeverity>(e.Severity),
        State = Enum.Parse<IncidentState>(e.State),
        Assignee = e.Assignee,
        ParentId = e.ParentId,
        CreatedAt = e.CreatedAt,
        UpdatedAt = e.UpdatedAt,
        ClosedAt = e.ClosedAt,
        Version = e.Version,
    };

    public static IncidentTechniqueEntity ToEntity(IncidentEntity incident, AssociationTarget target, AssociationOrigin origin, string by, DateTimeOffset at) => new()
    {
        IncidentId = incident.Id,
        IncidentCreatedAt = incident.CreatedAt,
        IncidentSeverity = incident.Severity,
        IncidentState = incident.State,
        SourceKey = target.SourceKey,
        Tactic = target.Tactic,
        TechniqueId = target.TechniqueId,
        OriginKind = origin.Kind.ToString(),
        OriginRef = origin.Ref,
        CreatedBy = by,
        CreatedAt = at,
    };

    public static TechniqueAssociation ToAssociation(IncidentTechniqueEntity e) => new()
    {
        Id = e.Id,
        IncidentId = e.IncidentId,
        SourceKey = e.SourceKey,
        Tactic = e.Tactic,
        TechniqueId = e.TechniqueId,
        Origin = new AssociationOrigin(Enum.Parse<OriginKind>(e.OriginKind), e.OriginRef),
        CreatedBy = e.CreatedBy,
        CreatedAt = e.CreatedAt,
    };

    public static IncidentObservable ToObservable(IncidentObservableEntity e) => new()
    {
        Id = e.Id, IncidentId = e.IncidentId, Kind = Enum.Parse<ObservableKind>(e.Kind), Value = e.Value, CreatedAt = e.CreatedAt,
    };

    public static ThreatLookup ToLookup(IncidentLookupEntity e) => new()
    {
        Id = e.Id, IncidentId = e.IncidentId, ObservableId = e.ObservableId, Provider = e.Provider, Verdict = e.Verdict,
        Techniques = Split(e.Techniques), SourceKey = e.SourceKey, CreatedAt = e.CreatedAt,
    };

    public static IncidentAlert ToAlert(IncidentAlertEntity e) => new()
    {
        Id = e.Id, IncidentId = e.IncidentId, AlertId = e.AlertId, Title = e.Title, Source = e.Source, Rule = e.Rule,
        Techniques = Split(e.Techniques), SourceKey = e.SourceKey, AlertRecordId = e.AlertRecordId, CreatedAt = e.CreatedAt,
    };

    private static IReadOnlyList<string> Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
