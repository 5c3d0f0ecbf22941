using System.Globalization;
using Tessera.Core.Attack;
using Tessera.Core.Navigator;

namespace Tessera.Core.Coverage;

/// <summary>
/// Exports a coverage report as a Navigator 4.5 layer: one colour per state with a legend, and per-technique
/// metadata (state, rules, tests, last tested, owners). Every technique of the report is written, gaps included, so
/// the legend's five colours all appear (a <see cref="CoverageReport.Narrowed"/> report holds only the filtered ones, and
/// its description says which); IDs the collection lacks are left out of the layer (the Navigator cannot
/// show them) and named in the layer description.
/// </summary>
public static class CoverageLayerExporter
{
    /// <summary>Most rule titles listed per technique; the tooltip becomes unreadable beyond this.</summary>
    public const int MaxRuleTitles = 8;

    public static Layer ToLayer(CoverageReport report, AttackDomain domain, string name = "Tessera detection coverage")
    {
        var version = report.CollectionKey.Split('@') is [_, var v] ? v : "";
        var builder = new LayerBuilder(name, domain)
            .WithDescription(Description(report))
            .AddLayerMetadata("computed", report.ComputedAt.ToString("u", CultureInfo.InvariantCulture))
            .AddLayerMetadata("collection", report.CollectionKey);
        if (version.Length > 0)
        {
            builder.WithAttackVersion(version);
        }

        foreach (var state in CoverageStates.All)
        {
            builder.AddLegendItem(state.Label(), state.Color());
        }

        foreach (var t in report.Techniques)
        {
            // A plain gap (no rule, no test) needs only its colour: metadata for ~400 such techniques doubled the file.
            if (t.State == CoverageState.Gap && t.TestRuns == 0 && t.Rules.Count + t.SubtechniqueRules.Count == 0)
            {
                builder.Add(new LayerTechnique { TechniqueId = t.Id, Color = t.State.Color(), Comment = t.State.Label() });
                continue;
            }

            var rules = t.AllRules;
            var state = new List<LayerMetadata> { new("state", t.State.Slug() + (t.RolledUp ? " (from sub-techniques)" : "")) };
            if (t.IsPriority)
            {
                state.Add(new("priority", "yes"));
            }

            var rulesSection = rules.Take(MaxRuleTitles).Select(r => new LayerMetadata("rule", $"{r.Title} [{r.State.ToString().ToLowerInvariant()}]")).ToList();
            if (rules.Count > MaxRuleTitles)
            {
                rulesSection.Add(new("rule", $"… and {rules.Count - MaxRuleTitles} more"));
            }

            var tests = new List<LayerMetadata> { new("tests", t.TestRuns.ToString(CultureInfo.InvariantCulture)) };
            if (t.LastTested is { } last)
            {
                tests.Add(new("last tested", last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }

            if (t.Owners.Count > 0)
            {
                tests.Add(new("owner", string.Join(", ", t.Owners)));
            }

            builder.Add(new LayerTechnique
            {
                TechniqueId = t.Id,
                Color = t.State.Color(),
                Comment = t.State.Label(),
                Metadata = LayerBuilder.Sections(state, rulesSection, tests),
            });
        }

        return builder.Build();
    }

    private static string Description(CoverageReport report)
    {
        var all = report.Summarize(CoverageScope.All);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{all.Validated} validated, {all.RuleExists} rule exists, {all.Failing} failing, {all.NoData} no data, {all.Gap} gap of {all.Total} techniques ({report.CollectionKey}).");
        if (report.NarrowedBy is { } filter)
        {
            text += $" Only techniques matching {filter.Describe()}.";
        }

        return report.UnknownTechniques.Count == 0
            ? text
            : text + $" Rules also tag IDs not in {report.CollectionKey}: {string.Join(", ", report.UnknownTechniques.Select(u => u.Id.Value))}.";
    }
}
