using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Tessera.Core.Navigator;

/// <summary>
/// Writes layers as format 4.5 JSON with the spec's exact property names, in spec order, omitting absent
/// (null) values and empty lists. <c>versions.layer</c> is always "4.5".
/// </summary>
public static class LayerWriter
{
    // Non-ASCII text (names, comments) stays readable; HTML-sensitive characters stay escaped in case a
    // layer is ever embedded in a page.
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    /// <summary>Writes one layer as a JSON object.</summary>
    public static void Write(Layer layer, Stream utf8Json, bool indented = true)
    {
        using var writer = new Utf8JsonWriter(utf8Json, Options(indented));
        WriteLayer(writer, layer);
    }

    /// <summary>Writes several layers as a JSON array, the Navigator's "download all layers" form.</summary>
    public static void Write(IReadOnlyList<Layer> layers, Stream utf8Json, bool indented = true)
    {
        using var writer = new Utf8JsonWriter(utf8Json, Options(indented));
        writer.WriteStartArray();
        foreach (var layer in layers)
        {
            WriteLayer(writer, layer);
        }

        writer.WriteEndArray();
    }

    /// <summary>The layer as a JSON string.</summary>
    public static string WriteToString(Layer layer, bool indented = true)
    {
        using var buffer = new MemoryStream();
        Write(layer, buffer, indented);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static JsonWriterOptions Options(bool indented) => new() { Indented = indented, Encoder = Encoder };

    private static void WriteLayer(Utf8JsonWriter w, Layer layer)
    {
        w.WriteStartObject();
        w.WriteString("name", layer.Name);
        w.WriteStartObject("versions");
        OptionalString(w, "attack", layer.Versions.Attack);
        w.WriteString("navigator", layer.Versions.Navigator);
        w.WriteString("layer", LayerFormat.LayerVersion);
        w.WriteEndObject();
        w.WriteString("domain", layer.Domain);
        OptionalString(w, "description", layer.Description);
        OptionalString(w, "customDataURL", layer.CustomDataUrl);
        if (layer.Filters is { } filters)
        {
            w.WriteStartObject("filters");
            if (filters.Platforms is { } platforms)
            {
                StringArray(w, "platforms", platforms);
            }

            w.WriteEndObject();
        }

        OptionalNumber(w, "sorting", layer.Sorting);
        if (layer.Layout is { } layout)
        {
            WriteLayout(w, layout);
        }

        OptionalBool(w, "hideDisabled", layer.HideDisabled);
        if (layer.Techniques.Count > 0)
        {
            w.WriteStartArray("techniques");
            foreach (var technique in layer.Techniques)
            {
                WriteTechnique(w, technique);
            }

            w.WriteEndArray();
        }

        if (layer.Gradient is { } gradient)
        {
            w.WriteStartObject("gradient");
            StringArray(w, "colors", gradient.Colors);
            w.WriteNumber("minValue", gradient.MinValue);
            w.WriteNumber("maxValue", gradient.MaxValue);
            w.WriteEndObject();
        }

        if (layer.LegendItems.Count > 0)
        {
            w.WriteStartArray("legendItems");
            foreach (var item in layer.LegendItems)
            {
                w.WriteStartObject();
                w.WriteString("label", item.Label);
                w.WriteString("color", item.Color);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        OptionalBool(w, "showTacticRowBackground", layer.ShowTacticRowBackground);
        OptionalString(w, "tacticRowBackground", layer.TacticRowBackground);
        OptionalBool(w, "selectTechniquesAcrossTactics", layer.SelectTechniquesAcrossTactics);
        OptionalBool(w, "selectSubtechniquesWithParent", layer.SelectSubtechniquesWithParent);
        OptionalBool(w, "selectVisibleTechniques", layer.SelectVisibleTechniques);
        WriteMetadata(w, layer.Metadata);
        WriteLinks(w, layer.Links);
        w.WriteEndObject();
    }

    private static void WriteLayout(Utf8JsonWriter w, LayerLayout layout)
    {
        w.WriteStartObject("layout");
        OptionalString(w, "layout", layout.Layout);
        OptionalBool(w, "showID", layout.ShowId);
        OptionalBool(w, "showName", layout.ShowName);
        OptionalBool(w, "showAggregateScores", layout.ShowAggregateScores);
        OptionalBool(w, "countUnscored", layout.CountUnscored);
        OptionalString(w, "aggregateFunction", layout.AggregateFunction);
        OptionalString(w, "expandedSubtechniques", layout.ExpandedSubtechniques);
        w.WriteEndObject();
    }

    private static void WriteTechnique(Utf8JsonWriter w, LayerTechnique technique)
    {
        w.WriteStartObject();
        w.WriteString("techniqueID", technique.TechniqueId.Value);
        OptionalString(w, "tactic", technique.Tactic);
        OptionalString(w, "comment", technique.Comment);
        OptionalBool(w, "enabled", technique.Enabled);
        if (technique.Score is { } score)
        {
            w.WriteNumber("score", score);
        }

        OptionalString(w, "color", technique.Color);
        WriteMetadata(w, technique.Metadata);
        WriteLinks(w, technique.Links);
        OptionalBool(w, "showSubtechniques", technique.ShowSubtechniques);
        w.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter w, IReadOnlyList<ILayerMetadataItem> items) => WriteItems(w, "metadata", items);

    private static void WriteLinks(Utf8JsonWriter w, IReadOnlyList<ILayerLinkItem> items) => WriteItems(w, "links", items);

    private static void WriteItems<T>(Utf8JsonWriter w, string name, IReadOnlyList<T> items)
        where T : class
    {
        if (items.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var item in items)
        {
            w.WriteStartObject();
            switch (item)
            {
                case LayerMetadata m:
                    w.WriteString("name", m.Name);
                    w.WriteString("value", m.Value);
                    break;
                case LayerLink l:
                    w.WriteString("label", l.Label);
                    w.WriteString("url", l.Url);
                    break;
                case LayerDivider d:
                    w.WriteBoolean("divider", d.Visible);
                    break;
                default:
                    throw new InvalidOperationException($"Unsupported {name} item {item.GetType().Name}");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void StringArray(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void OptionalString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void OptionalBool(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } v)
        {
            w.WriteBoolean(name, v);
        }
    }

    private static void OptionalNumber(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }
}
