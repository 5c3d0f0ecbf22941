using System.Text.Json.Serialization;
using Tessera.Core.Incidents;

namespace Tessera.Server.Api.Incidents;

public sealed record IncidentView(long Id, string Number, string Title, string Description, IncidentSeverity Severity, IncidentState State,
    string? Assignee, long? ParentId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt, long Version)
{
    public static IncidentView Of(Incident i) =>
        new(i.Id, i.Number, i.Title, i.Description, i.Severity, i.State, i.Assignee, i.ParentId, i.CreatedAt, i.UpdatedAt, i.ClosedAt, i.Version);
}

public sealed record IncidentPageView(IReadOnlyList<IncidentView> Items, int Total, int Skip, int Take);

public sealed record CreateIncidentRequest(string Title, string? Description, IncidentSeverity? Severity, IncidentState? State, string? Assignee, long? ParentId);

/// <summary>
/// A whole incident, as PUT replaces it. <see cref="Version"/> is the version the editor read; a stale one answers 409
/// with the current incident. Every other field must be sent (null clears the nullable ones): an omitted one was
/// replaced by a default, so a rename lowered severity to Low, cleared the description, assignee and parent, and
/// reopened a closed incident, which the closed-incident lock otherwise refuses.
/// </summary>
public sealed record UpdateIncidentRequest(
    long? Version,
    [property: JsonRequired] string Title,
    [property: JsonRequired] string? Description,
    [property: JsonRequired] IncidentSeverity Severity,
    [property: JsonRequired] IncidentState State,
    [property: JsonRequired] string? Assignee,
    [property: JsonRequired] long? ParentId);

/// <summary>
/// The roll-up settings, as PUT replaces them: every field must be sent. An omitted one took its default, which turned
/// observables off (and recomputed every open incident) when a client sent only the field it meant to change.
/// </summary>
public sealed record RollupSettingsRequest(
    [property: JsonRequired] bool ThreatLookups,
    [property: JsonRequired] bool Observables,
    [property: JsonRequired] bool ChildIncidents,
    [property: JsonRequired] bool Alerts)
{
    public RollupSettings ToCore() => new() { ThreatLookups = ThreatLookups, Observables = Observables, ChildIncidents = ChildIncidents, Alerts = Alerts };
}

public sealed record TacticPick(string Tactic, IReadOnlyList<string>? Techniques);

public sealed record SourcePick(string Source, IReadOnlyList<TacticPick>? Tactics)
{
    public AssociationRequest ToCore() => new(Source, (Tactics ?? []).Select(t => new TacticSelection(t.Tactic, t.Techniques ?? [])).ToList());
}

/// <summary>Associations for one incident. <see cref="ExpectedVersion"/> is required from people; integrations may omit it (additions never overwrite).</summary>
public sealed record AssociateRequest(long? ExpectedVersion, IReadOnlyList<SourcePick>? Associations);

public sealed record BulkAssociationItem(long IncidentId, long? ExpectedVersion, IReadOnlyList<SourcePick>? Associations);

public sealed record BulkAssociateRequest(IReadOnlyList<BulkAssociationItem>? Items);

public sealed record BulkAssociateResult(IReadOnlyList<IncidentView> Saved);

public sealed record OriginView(OriginKind Kind, string Ref, string Text)
{
    public static OriginView Of(AssociationOrigin o) => new(o.Kind, o.Ref, o.ToString());
}

public sealed record CardRowView(string Source, string Tactic, string Technique, string? Name, IReadOnlyList<OriginView> Origins, DateTimeOffset FirstAssociated)
{
    public static CardRowView Of(CardTechnique r) =>
        new(r.SourceKey, r.Tactic, r.TechniqueId, r.Name, r.Origins.Select(OriginView.Of).ToList(), r.FirstAssociated);
}

public sealed record AssociationsView(IncidentView Incident, IReadOnlyList<CardRowView> Techniques);

/// <summary>Both fields must be sent: a missing kind read as Ip (the enum's first member) and stored the value as an address.</summary>
public sealed record ObservableRequest([property: JsonRequired] ObservableKind Kind, [property: JsonRequired] string Value);

public sealed record LookupRequest(long? ObservableId, string Provider, string Verdict, IReadOnlyList<string>? Techniques, string? Source);

/// <summary>Stored alerts by id and/or raw alerts (any shape alert mapping reads: Suricata, Wazuh, Elastic, Sigma, generic) to ingest and attach.</summary>
public sealed record AttachAlertsRequest(IReadOnlyList<long>? AlertIds, IReadOnlyList<System.Text.Json.JsonElement>? Alerts);

public sealed record AttachAlertsView(IReadOnlyList<IncidentAlert> Attached);

/// <summary>Rolls one origin (<c>lookup:12</c>, <c>observable:3</c>, <c>child:7</c>, <c>alert:#42 rule</c>) up by hand, or withdraws it.</summary>
public sealed record RollupRequest(string Origin, bool RolledUp = true);

public sealed record HeatmapCellView(string Technique, string? Name, int Incidents, int Associations, bool InGroup);

public sealed record HeatmapView(string? Source, string? Group, int MaxIncidents, IReadOnlyList<HeatmapCellView> Cells, IReadOnlyList<string> GroupOnly);
