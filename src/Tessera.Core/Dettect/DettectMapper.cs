using Tessera.Core.Attack;

namespace Tessera.Core.Dettect;

/// <summary>
/// Maps a DeTT&amp;CT document to Tessera concepts and reports what was mapped and what was not. It only
/// reports; storing the result is the importer's job. Mapping table (latest logbook entry per
/// <c>applicable_to</c> block; see <see cref="DettectScoreEntry.Latest"/>):
/// <list type="table">
/// <listheader><term>DeTT&amp;CT</term><description>Tessera</description></listheader>
/// <item><term>detection score 1–5</term><description><see cref="DettectTarget.DetectionRule"/>: a rule exists; score kept as its
/// quality, <c>location</c> entries named in the detail as the rules' homes.</description></item>
/// <item><term>detection score 0</term><description>not mapped: forensics/context only, no alerting rule.</description></item>
/// <item><term>detection score -1</term><description>not mapped: no detection (silently common, so not listed per technique,
/// only counted in one summary row).</description></item>
/// <item><term>visibility score 1–4</term><description><see cref="DettectTarget.TechniqueVisibility"/> (data source quality for that technique).</description></item>
/// <item><term>visibility score 0</term><description>not mapped: no visibility (counted in one summary row).</description></item>
/// <item><term>older logbook entries</term><description>not mapped: history, counted in one summary row.</description></item>
/// <item><term>data source entry, available_for_data_analytics true</term><description><see cref="DettectTarget.DataSourceQuality"/>:
/// mean of device/data field completeness, timeliness, consistency and retention (0–5).</description></item>
/// <item><term>data source entry, available_for_data_analytics false</term><description>not mapped: collected but not usable for rules.</description></item>
/// <item><term>data source name not an ATT&amp;CK data component</term><description>not mapped (e.g. "Internal DNS [DeTT&amp;CT data source]");
/// checked only when a collection is given.</description></item>
/// <item><term>data source exceptions</term><description>not mapped: a DeTT&amp;CT heat-map setting.</description></item>
/// <item><term>enabled group technique</term><description><see cref="DettectTarget.ThreatProfileTechnique"/>, scope = group and campaign.</description></item>
/// <item><term>disabled group, software_id</term><description>not mapped.</description></item>
/// <item><term>technique missing from the collection</term><description>not mapped, named (e.g. v19 IDs against 18.1).</description></item>
/// </list>
/// </summary>
public static class DettectMapper
{
    /// <summary>
    /// Maps <paramref name="document"/>; with <paramref name="collection"/> unknown techniques and data source
    /// names are reported as not mapped. Never throws for content.
    /// </summary>
    public static DettectMappingReport Map(DettectDocument document, AttackCollection? collection = null)
    {
        var mapped = new List<DettectMappedItem>();
        var notMapped = new List<DettectUnmappedItem>();
        var file = document.File;
        switch (document)
        {
            case TechniqueAdministration techniques:
                MapTechniques(techniques, collection, file, mapped, notMapped);
                break;
            case DataSourceAdministration dataSources:
                MapDataSources(dataSources, collection, file, mapped, notMapped);
                break;
            case GroupAdministration groups:
                MapGroups(groups, collection, file, mapped, notMapped);
                break;
        }

        return new DettectMappingReport { Mapped = mapped, NotMapped = notMapped };
    }

    private static void MapTechniques(
        TechniqueAdministration document, AttackCollection? collection, string file, List<DettectMappedItem> mapped, List<DettectUnmappedItem> notMapped)
    {
        int noDetection = 0, noVisibility = 0, history = 0;
        foreach (var technique in document.Techniques)
        {
            var id = technique.TechniqueId.Value;
            if (collection is not null && collection.FindTechnique(technique.TechniqueId) is null)
            {
                notMapped.Add(new DettectUnmappedItem(file, technique.Line, id, $"not in {collection.Info.Key}"));
                continue;
            }

            foreach (var detection in technique.Detections)
            {
                history += Math.Max(0, detection.ScoreLogbook.Count - 1);
                switch (detection.Current?.Score)
                {
                    case >= 1 and var score:
                        var where = detection.Locations.Count > 0 ? "rules in " + string.Join(", ", detection.Locations) : "no location given";
                        mapped.Add(new DettectMappedItem(file, technique.Line, DettectTarget.DetectionRule, id, score, detection.ApplicableTo,
                            $"detection score {score}; {where}"));
                        break;
                    case 0:
                        notMapped.Add(new DettectUnmappedItem(file, technique.Line, id, "detection score 0: forensics/context only, no rule"));
                        break;
                    default:
                        noDetection++;
                        break;
                }
            }

            foreach (var visibility in technique.Visibilities)
            {
                history += Math.Max(0, visibility.ScoreLogbook.Count - 1);
                if (visibility.Current?.Score is >= 1 and var score)
                {
                    mapped.Add(new DettectMappedItem(file, technique.Line, DettectTarget.TechniqueVisibility, id, score, visibility.ApplicableTo,
                        $"visibility score {score}{(visibility.Current.AutoGenerated == true ? " (auto-generated)" : "")}"));
                }
                else
                {
                    noVisibility++;
                }
            }
        }

        Summary(notMapped, file, noDetection, "detection entries with score -1 (no detection)");
        Summary(notMapped, file, noVisibility, "visibility entries with score 0 (no visibility)");
        Summary(notMapped, file, history, "older score logbook entries (history; only the latest score is imported)");
    }

    private static void MapDataSources(
        DataSourceAdministration document, AttackCollection? collection, string file, List<DettectMappedItem> mapped, List<DettectUnmappedItem> notMapped)
    {
        var components = collection?.DataComponents.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var source in document.DataSources)
        {
            if (components is not null && !components.Contains(source.Name))
            {
                notMapped.Add(new DettectUnmappedItem(file, source.Line, source.Name, $"not a data component in {collection!.Info.Key}"));
                continue;
            }

            foreach (var entry in source.Entries)
            {
                if (!entry.AvailableForDataAnalytics)
                {
                    notMapped.Add(new DettectUnmappedItem(file, source.Line, source.Name,
                        $"not available for data analytics on {string.Join(", ", entry.ApplicableTo)}"));
                    continue;
                }

                var products = entry.Products.Count > 0 ? string.Join(", ", entry.Products) : "no product named";
                mapped.Add(new DettectMappedItem(file, source.Line, DettectTarget.DataSourceQuality, source.Name, entry.Quality.Average,
                    entry.ApplicableTo, $"quality {entry.Quality.Average:0.0}/5 from {products}"));
            }
        }

        foreach (var exception in document.Exceptions)
        {
            notMapped.Add(new DettectUnmappedItem(file, 0, exception.Value, "data source exception (DeTT&CT heat-map setting)"));
        }
    }

    private static void MapGroups(
        GroupAdministration document, AttackCollection? collection, string file, List<DettectMappedItem> mapped, List<DettectUnmappedItem> notMapped)
    {
        foreach (var group in document.Groups)
        {
            var label = group.Campaign is null ? group.GroupName : $"{group.GroupName} / {group.Campaign}";
            if (!group.Enabled)
            {
                notMapped.Add(new DettectUnmappedItem(file, group.Line, label, "group disabled"));
                continue;
            }

            foreach (var id in group.TechniqueIds)
            {
                if (collection is not null && collection.FindTechnique(id) is null)
                {
                    notMapped.Add(new DettectUnmappedItem(file, group.Line, id.Value, $"technique of {label} not in {collection.Info.Key}"));
                }
                else
                {
                    mapped.Add(new DettectMappedItem(file, group.Line, DettectTarget.ThreatProfileTechnique, id.Value, 1, [label], $"used by {label}"));
                }
            }

            foreach (var software in group.SoftwareIds)
            {
                notMapped.Add(new DettectUnmappedItem(file, group.Line, software, $"software of {label}: not imported"));
            }
        }
    }

    private static void Summary(List<DettectUnmappedItem> notMapped, string file, int count, string what)
    {
        if (count > 0)
        {
            notMapped.Add(new DettectUnmappedItem(file, 0, "(summary)", $"{count} {what}"));
        }
    }
}
