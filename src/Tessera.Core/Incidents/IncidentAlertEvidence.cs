using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Triage;

namespace Tessera.Core.Incidents;

/// <summary>
/// Turns a stored alert (alert triage) into incident evidence: which of its suggested techniques an incident should
/// carry, and under which rule. Suggestions are taken by tier, the first tier that has any winning alone:
/// analyst decisions (the library's exact or near-duplicate entries), then vendor metadata, then model suggestions
/// with confidence ≥ <see cref="ModelThreshold"/>. An analyst's correction thus replaces a vendor tag rather than
/// adding to it, and the model only speaks when no person and no vendor did.
/// </summary>
public static class IncidentAlertEvidence
{
    /// <summary>
    /// Least model confidence that reaches an incident. Confidences are calibrated on held-out rule folders (isotonic
    /// map, docs/ALERT-MAPPING.md): on the emerging-threats hold-out, first suggestions at 0.8–0.9 were right 80 % of the
    /// time (calibration error 0.05), and the map tops out near 0.87, so only the model's most certain suggestions tag
    /// an incident. Lower ones stay visible in triage.
    /// </summary>
    public const double ModelThreshold = 0.8;

    /// <summary>The evidence for <paramref name="record"/> on incident <paramref name="incidentId"/>; rule = the mapping's signature (or the title).</summary>
    public static NewIncidentAlert From(long incidentId, AlertRecord record)
    {
        var mapping = TryRead(record.MappingJson);
        return new NewIncidentAlert
        {
            IncidentId = incidentId,
            AlertId = Text.PlainText.Cut(record.ExternalId, IncidentLimits.MaxLabel),
            Title = Text.PlainText.Cut(record.Title, IncidentLimits.MaxLabel),
            Source = Text.PlainText.Cut(record.Source, IncidentLimits.MaxLabel),
            Rule = Text.PlainText.Cut(string.IsNullOrWhiteSpace(mapping?.Signature) ? record.Title : mapping.Signature, AssociationOrigin.MaxRefLength),
            Techniques = mapping is null ? [] : Techniques(mapping),
            AlertRecordId = record.Id,
        };
    }

    /// <summary>
    /// The technique IDs of the first non-empty tier (see the class summary), in the mapping's order. An ID newer than
    /// the loaded release is recorded under the release's technique of the same name (<see cref="TechniqueSuggestion.SameAs"/>:
    /// v19's T1685 as 18.1's T1562.001), so it lands on the incident's matrix; one the release cannot place stays as it is.
    /// </summary>
    public static IReadOnlyList<string> Techniques(AlertMapping mapping)
    {
        var analyst = mapping.Techniques.Where(t => t.Origin is SuggestionOrigin.Analyst or SuggestionOrigin.AnalystSimilar).ToList();
        var vendor = mapping.Techniques.Where(t => t.Origin == SuggestionOrigin.Vendor).ToList();
        var model = mapping.Techniques.Where(t => t.Origin == SuggestionOrigin.Model && t.Confidence >= ModelThreshold).ToList();
        var tier = analyst.Count > 0 ? analyst : vendor.Count > 0 ? vendor : model;
        return tier.Select(t => t.SameAs ?? t.Id).Distinct(StringComparer.OrdinalIgnoreCase).Take(IncidentLimits.MaxTechniquesPerEvidence).ToList();
    }

    // A stored mapping is written by this program; an unreadable one (older format) means "no techniques", not a crash.
    private static AlertMapping? TryRead(string json)
    {
        try
        {
            return AlertMappingJson.Deserialize(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
