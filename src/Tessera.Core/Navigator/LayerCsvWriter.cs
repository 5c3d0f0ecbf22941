using System.Globalization;
using CsvHelper;

namespace Tessera.Core.Navigator;

/// <summary>
/// Writes a layer as CSV for spreadsheets: one row per technique entry with fixed columns
/// (techniqueID, tactic, score, color, enabled, comment) and one column per distinct metadata name, in
/// first-seen order, prefixed <c>metadata:</c>. Repeated names in one entry are joined with "; ";
/// dividers and links are not exported.
/// </summary>
public static class LayerCsvWriter
{
    private static readonly string[] FixedColumns = ["techniqueID", "tactic", "score", "color", "enabled", "comment"];

    /// <summary>Writes the CSV to <paramref name="writer"/> (header row first).</summary>
    public static void Write(Layer layer, TextWriter writer)
    {
        var metadataNames = layer.Techniques
            .SelectMany(t => t.Metadata.OfType<LayerMetadata>())
            .Select(m => m.Name)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in FixedColumns.Concat(metadataNames.Select(n => "metadata:" + n)))
        {
            csv.WriteField(Safe(column));
        }

        csv.NextRecord();
        foreach (var technique in layer.Techniques)
        {
            csv.WriteField(technique.TechniqueId.Value);
            csv.WriteField(Safe(technique.Tactic));
            csv.WriteField(technique.Score?.ToString("R", CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(technique.Color ?? "");
            csv.WriteField(technique.Enabled is { } enabled ? (enabled ? "true" : "false") : "");
            csv.WriteField(Safe(technique.Comment));
            var values = technique.Metadata.OfType<LayerMetadata>().ToLookup(m => m.Name, m => m.Value, StringComparer.Ordinal);
            foreach (var name in metadataNames)
            {
                csv.WriteField(Safe(string.Join("; ", values[name])));
            }

            csv.NextRecord();
        }
    }

    /// <summary>The CSV as a string.</summary>
    public static string WriteToString(Layer layer)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(layer, writer);
        return writer.ToString();
    }

    // Layer text comes from other people's files: a cell starting with = + - @ would run as a spreadsheet
    // formula, so it is prefixed with a quote (OWASP CSV injection advice). Scores are written unprefixed.
    private static string Safe(string? text) =>
        text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text ?? "";
}
