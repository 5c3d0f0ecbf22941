using Tessera.Core.Attack;
using Tessera.Core.Detection;
using Tessera.Core.Dettect;

namespace Tessera.Core.Coverage;

/// <summary>
/// Turns a DeTT&amp;CT administration file into Tessera records, next to <see cref="DettectMapper"/>'s report of what
/// maps. Data source entries usable for analytics become inventory entries (quality 0–5 scaled to 0–100:
/// completeness = mean of device and data-field completeness, timeliness, retention; consistency has no Tessera
/// field and is reported); detection scores 1–5 become untested rules of source Other (a self-assessed score is
/// not a validation) that depend on any of the technique's ATT&amp;CK data components; enabled group techniques can
/// become the saved priority list. Visibility scores are not stored: Tessera derives visibility from the inventory.
/// </summary>
public static class DettectCoverageImport
{
    /// <summary>Plans the import; never throws for content. Items the mapper does not map are not planned.</summary>
    public static DettectImportPlan Plan(DettectDocument document, AttackCollection collection, Func<Guid> newId)
    {
        var report = DettectMapper.Map(document, collection);
        var notes = new List<string>();
        if (Mismatch(document) is { } notice)
        {
            notes.Add(notice);
        }

        var sources = new List<DataSourceEntry>();
        var rules = new List<DetectionRule>();
        var priority = new List<string>();
        switch (document)
        {
            case DataSourceAdministration ds:
                sources.AddRange(DataSources(ds, collection, newId));
                notes.Add($"{sources.Count} data source entries → inventory (quality × 20; consistency not kept)");
                break;
            case TechniqueAdministration ta:
                rules.AddRange(Rules(ta, collection));
                notes.Add($"{rules.Count} detection entries with score ≥ 1 → untested rules (source Other, level = DeTT&CT score)");
                notes.Add($"{report.Mapped.Count(m => m.Target == DettectTarget.TechniqueVisibility)} visibility scores reported only: Tessera derives visibility from the data source inventory");
                break;
            case GroupAdministration ga:
                priority.AddRange(report.Mapped.Where(m => m.Target == DettectTarget.ThreatProfileTechnique).Select(m => m.Subject).Distinct().Order(StringComparer.Ordinal));
                notes.Add($"{priority.Count} techniques of enabled groups → priority list (when requested)");
                break;
        }

        return new DettectImportPlan { Report = report, DataSources = sources, Rules = rules, PriorityTechniques = priority, Notes = notes };
    }

    /// <summary>
    /// The notice for a file of another domain than Enterprise, or null: its rules and data sources join the one registry
    /// and inventory, whose coverage is measured on Enterprise unless a collection is named, so its techniques (ICS
    /// T0xxx, Mobile's own T1xxx) would otherwise land there without a word. Mirrors a Navigator layer of another domain:
    /// measured with a notice. The file is read against its own domain's collection; without one it cannot be resolved.
    /// </summary>
    public static string? Mismatch(DettectDocument document) => document.Domain == AttackDomain.Enterprise ? null
        : $"{document.File}: the file's domain is {document.Domain.ToStixName()}, not enterprise-attack: its techniques were read as "
          + $"{document.Domain.ToStixName()} techniques, and coverage (Enterprise unless a collection is named) lists them only for that collection";

    private static IEnumerable<DataSourceEntry> DataSources(DataSourceAdministration document, AttackCollection collection, Func<Guid> newId)
    {
        var ids = DataComponentIds.ByName(collection);
        var platforms = document.Systems.ToDictionary(s => s.ApplicableTo, s => s.Platforms, StringComparer.OrdinalIgnoreCase);
        foreach (var source in document.DataSources)
        {
            if (!ids.TryGetValue(source.Name, out var id))
            {
                continue;
            }

            foreach (var entry in source.Entries.Where(e => e.AvailableForDataAnalytics))
            {
                var q = entry.Quality;
                yield return new DataSourceEntry
                {
                    Id = newId(),
                    Name = source.Name,
                    Platform = string.Join(", ", entry.ApplicableTo.SelectMany(a => platforms.GetValueOrDefault(a) ?? []).Distinct()),
                    Environment = string.Join(", ", entry.ApplicableTo),
                    DataComponents = [id],
                    RegisteredOn = entry.DateRegistered,
                    ConnectedOn = entry.DateConnected,
                    Quality = new DataQuality((q.DeviceCompleteness + q.DataFieldCompleteness) * 10, q.Timeliness * 20, q.Retention * 20),
                };
            }
        }
    }

    private static IEnumerable<DetectionRule> Rules(TechniqueAdministration document, AttackCollection collection)
    {
        foreach (var technique in document.Techniques.Where(t => collection.FindTechnique(t.TechniqueId) is not null))
        {
            var required = TechniqueDataRequirements.For(collection, technique.TechniqueId, []).Where(r => r.DataComponentId.Length > 0).ToList();
            foreach (var detection in technique.Detections.Where(d => d.Current?.Score >= 1))
            {
                var scope = string.Join(", ", detection.ApplicableTo);
                var score = detection.Current!.Score;
                yield return new DetectionRule
                {
                    Source = DetectionRuleSource.Other,
                    ExternalId = $"dettect:{technique.TechniqueId}:{scope}",
                    Title = $"DeTT&CT {technique.TechniqueId} {technique.TechniqueName} ({scope})".Trim(),
                    QueryText = $"DeTT&CT detection score {score} for {scope}; locations: {string.Join(", ", detection.Locations)}; {detection.Comment}".Trim(),
                    Techniques = [technique.TechniqueId],
                    DataRequirements = required.Count == 0 ? [] :
                    [
                        new DataRequirement
                        {
                            SourceText = $"ATT&CK data components of {technique.TechniqueId}",
                            IsMapped = true,
                            DataComponents = required.Select(r => new DataComponentRef(r.DataComponentId, r.Name, "")).ToList(),
                        },
                    ],
                    Level = $"dettect-{score}",
                };
            }
        }
    }
}
