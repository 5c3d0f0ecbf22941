using System.Globalization;
using Tessera.Core.Attack;

namespace Tessera.Core.Navigator;

/// <summary>
/// Builds a 4.5 layer from Tessera data (coverage, incidents): techniques sorted by ID then tactic, a legend,
/// and a gradient fitted to the scores unless one is given. Use <see cref="Sections"/> for multi-dimension metadata.
/// Not thread-safe; use one builder per export.
/// </summary>
public sealed class LayerBuilder
{
    private readonly string _name;
    private readonly AttackDomain _domain;
    private readonly Dictionary<(string Id, string? Tactic), LayerTechnique> _entries = [];
    private readonly List<LayerLegendItem> _legend = [];
    private readonly List<ILayerMetadataItem> _metadata = [];
    private string? _description;
    private string? _attackVersion;
    private LayerGradient? _gradient;

    public LayerBuilder(string name, AttackDomain domain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _name = name;
        _domain = domain;
    }

    public LayerBuilder WithDescription(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>ATT&amp;CK release the data refers to, e.g. "18" or "18.1" (written as its major part, as the Navigator does).</summary>
    public LayerBuilder WithAttackVersion(string version)
    {
        _attackVersion = version.Split('.')[0];
        return this;
    }

    public LayerBuilder WithGradient(LayerGradient gradient)
    {
        _gradient = gradient;
        return this;
    }

    /// <summary>Adds a legend row; throws <see cref="ArgumentException"/> for a colour that is not <c>#rrggbb</c>.</summary>
    public LayerBuilder AddLegendItem(string label, string color)
    {
        _legend.Add(new LayerLegendItem(label, CheckColor(color)));
        return this;
    }

    public LayerBuilder AddLayerMetadata(string name, string value)
    {
        _metadata.Add(new LayerMetadata(name, value));
        return this;
    }

    /// <summary>
    /// Adds one technique. Throws <see cref="InvalidOperationException"/> when the same technique and tactic
    /// were already added (callers aggregate first: two entries would make the Navigator show only one),
    /// and <see cref="ArgumentException"/> for a malformed colour.
    /// </summary>
    public LayerBuilder Add(LayerTechnique entry)
    {
        if (entry.Color is not null)
        {
            CheckColor(entry.Color);
        }

        if (!_entries.TryAdd((entry.TechniqueId.Value, entry.Tactic), entry))
        {
            throw new InvalidOperationException($"{entry.TechniqueId}{(entry.Tactic is null ? "" : " in " + entry.Tactic)} was already added");
        }

        return this;
    }

    /// <summary>The layer; sub-techniques of annotated techniques are expanded when it opens.</summary>
    public Layer Build()
    {
        var entries = _entries.Values
            .OrderBy(e => e.TechniqueId)
            .ThenBy(e => e.Tactic, StringComparer.Ordinal)
            .ToList();
        return new Layer
        {
            Name = _name,
            Domain = _domain.ToStixName(),
            Description = _description,
            Versions = new LayerVersions { Attack = _attackVersion },
            Layout = new LayerLayout { ExpandedSubtechniques = "annotated" },
            Techniques = entries,
            Gradient = _gradient ?? FitGradient(entries),
            LegendItems = _legend.ToList(),
            Metadata = _metadata.ToList(),
        };
    }

    /// <summary>
    /// Joins metadata sections (e.g. coverage state, rules, origins) into one technique metadata list with a
    /// divider between non-empty sections: the Navigator's way to show several dimensions in one tooltip.
    /// </summary>
    public static IReadOnlyList<ILayerMetadataItem> Sections(params IReadOnlyList<LayerMetadata>[] sections)
    {
        var items = new List<ILayerMetadataItem>();
        foreach (var section in sections.Where(s => s.Count > 0))
        {
            if (items.Count > 0)
            {
                items.Add(LayerDivider.Line);
            }

            items.AddRange(section);
        }

        return items;
    }

    private static LayerGradient? FitGradient(List<LayerTechnique> entries)
    {
        var scores = entries.Where(e => e.Score is not null).Select(e => e.Score!.Value).ToList();
        if (scores.Count == 0)
        {
            return null;
        }

        // Anchored at 0 so that "no coverage" is always the low colour; the Navigator requires max > min.
        var min = Math.Min(0, scores.Min());
        var max = Math.Max(scores.Max(), min + 1);
        return LayerGradient.RedToGreen(min, max);
    }

    private static string CheckColor(string color) => LayerFormat.IsColor(color)
        ? color
        : throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "'{0}' is not a colour (expected #rrggbb)", color), nameof(color));
}
