using System.Globalization;
using CsvHelper;
using Tessera.Core.Attack;
using Tessera.Core.Navigator;

namespace Tessera.Core.Incidents;

/// <summary>An incident's techniques as a Navigator 4.5 layer or CSV.</summary>
public static class IncidentExports
{
    private static readonly IReadOnlyDictionary<OriginKind, string> Colors = new Dictionary<OriginKind, string>
    {
        [OriginKind.Manual] = "#ffb000",
        [OriginKind.ThreatLookup] = "#e8590c",
        [OriginKind.Observable] = "#ae3ec9",
        [OriginKind.ChildIncident] = "#1c7ed6",
        [OriginKind.Alert] = "#d6336c",
    };

    /// <summary>
    /// One layer for one source: each technique under its tactic, scored by its number of origins, coloured by its
    /// first origin kind (legend lists the kinds), with the origins in metadata. Tactic-only and unplaced rows are
    /// left out (a layer addresses techniques); the description names the unplaced IDs (a newer release's T1685 the source
    /// lacks), so the layer does not silently hold less than the card. A parent technique whose sub-techniques are in the
    /// layer is written expanded (<c>showSubtechniques</c>, which the 4.5 format allows only on techniques with sub-techniques).
    /// </summary>
    public static Layer ToLayer(Incident incident, AttackCollection source, IReadOnlyList<CardTechnique> rows)
    {
        var unplaced = rows.Where(r => r.SourceKey == source.Info.Key && !r.IsTacticOnly && r.Tactic.Length == 0)
            .Select(r => r.TechniqueId).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var description = $"Techniques of {incident.Number} ({incident.State}, {incident.Severity}) from {source.Info.Key}.";
        if (unplaced.Count > 0)
        {
            description += $" Not in {source.Info.Key}, so not in this layer: {string.Join(", ", unplaced)}.";
        }

        var builder = new LayerBuilder($"{incident.Number} {incident.Title}", source.Info.Domain)
            .WithDescription(description)
            .WithAttackVersion(source.Info.Version)
            .AddLayerMetadata("incident", incident.Number)
            .AddLayerMetadata("source", source.Info.Key);
        var mine = rows.Where(r => r.SourceKey == source.Info.Key && !r.IsTacticOnly && r.Tactic.Length > 0).ToList();
        var kinds = mine.SelectMany(r => r.Origins.Select(o => o.Kind)).Distinct().Order().ToList();
        builder.AddLayerMetadata("origin kinds", string.Join(", ", kinds.Select(AssociationOrigin.Prefix)));
        foreach (var kind in kinds)
        {
            builder.AddLegendItem(AssociationOrigin.Prefix(kind), Colors[kind]);
        }

        var expanded = mine.Where(r => r.TechniqueId.Contains('.', StringComparison.Ordinal))
            .Select(r => r.TechniqueId[..r.TechniqueId.IndexOf('.', StringComparison.Ordinal)]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var row in mine)
        {
            builder.Add(new LayerTechnique
            {
                TechniqueId = TechniqueId.Parse(row.TechniqueId),
                Tactic = row.Tactic,
                Score = row.Origins.Count,
                Color = Colors[row.Origins[0].Kind],
                Comment = "origins: " + string.Join(", ", row.Origins),
                Metadata = row.Origins.Select(o => (ILayerMetadataItem)new LayerMetadata(AssociationOrigin.Prefix(o.Kind), o.Ref)).ToList(),
                ShowSubtechniques = expanded.Contains(row.TechniqueId) ? true : null,
            });
        }

        return builder.Build();
    }

    /// <summary>
    /// The card's list view as CSV: one line per technique and origin, so spreadsheets can filter either;
    /// first_associated is when that origin first put the technique there.
    /// </summary>
    public static void WriteCsv(IReadOnlyList<CardTechnique> rows, TextWriter writer)
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var header in new[] { "source", "tactic", "technique", "name", "origin_kind", "origin", "first_associated" })
        {
            csv.WriteField(header);
        }

        csv.NextRecord();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Origins.Count; i++)
            {
                var origin = row.Origins[i];
                csv.WriteField(row.SourceKey);
                csv.WriteField(row.Tactic);
                csv.WriteField(row.TechniqueId);
                csv.WriteField(row.Name ?? "");
                csv.WriteField(AssociationOrigin.Prefix(origin.Kind));
                csv.WriteField(origin.Ref);
                // This origin's own time: the technique's first time would date a later origin back to the first one.
                csv.WriteField(row.AssociatedAtOf(i).ToString("O", CultureInfo.InvariantCulture));
                csv.NextRecord();
            }
        }
    }
}
