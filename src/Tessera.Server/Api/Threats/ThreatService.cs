using System.Runtime.CompilerServices;
using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Incidents;
using Tessera.Core.Navigator;
using Tessera.Core.Text;
using Tessera.Core.Threats;

namespace Tessera.Server.Api.Threats;

/// <summary>Threat-actor-targeted coverage shared by the API and the Threats page.</summary>
public sealed class ThreatService(CoverageService coverage, Exposures.ExposureService exposures, TimeProvider time, IIncidentStore incidents)
{
    /// <summary>
    /// Incidents counted for the incident-frequency term: those created in the last year, in any state (a closed
    /// incident still shows what attackers do to us); older ones describe a different estate.
    /// </summary>
    public static readonly TimeSpan IncidentWindow = TimeSpan.FromDays(365);

    // Deriving profiles walks every relationship and runs the sector regexes: do it once per loaded release.
    private static readonly ConditionalWeakTable<AttackCollection, IReadOnlyList<ThreatProfile>> Cache = new();

    /// <summary>Groups and campaigns of a release, with derived sector and region tags, sorted by ID.</summary>
    public static IReadOnlyList<ThreatProfile> Profiles(AttackCollection attack) => Cache.GetValue(attack, ThreatProfiles.FromAttack);

    /// <summary>Coverage engine state → the coarser level prioritisation uses. Failing or data-less rules only partly cover.</summary>
    public static TechniqueCoverageLevel LevelOf(CoverageState state) => state switch
    {
        CoverageState.Validated => TechniqueCoverageLevel.Validated,
        CoverageState.RuleExists => TechniqueCoverageLevel.Covered,
        CoverageState.Failing or CoverageState.NoData => TechniqueCoverageLevel.Partial,
        _ => TechniqueCoverageLevel.None,
    };

    /// <summary>Longest group, sector or region list: ATT&amp;CK has a few hundred groups and campaigns.</summary>
    public const int MaxListEntries = 1000;

    /// <summary>
    /// Builds the target set and measures it. Returns field → messages instead of an analysis when the selection
    /// names unknown profiles, an unknown mode, nothing at all, or a bad ID list or layer.
    /// </summary>
    public async Task<(ThreatAnalysis? Analysis, IReadOnlyDictionary<string, string[]> Errors)> AnalyseAsync(
        AttackCollection attack, ThreatSelection selection, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, list) in new[] { ("groups", selection.Groups), ("sectors", selection.Sectors), ("regions", selection.Regions) })
        {
            if (list.Count > MaxListEntries)
            {
                errors[field] = [$"{field} names {list.Count} entries; at most {MaxListEntries}"];
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var library = Profiles(attack);
        var byId = library.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);
        var unknown = selection.Groups.Where(g => !byId.ContainsKey(g.Trim())).ToList();
        if (unknown.Count > 0)
        {
            errors["groups"] = unknown.Select(g => $"'{Echo.Clip(g, 40)}' is not a group or campaign of {attack.Info.Key}").ToArray();
        }

        // A misspelt tag ("finance" for "financial") matched no profile and read as "no actor targets us": refuse it
        // as an unknown group ID is, listing the tags in use (the same lists GET /threats/groups gives).
        UnknownTags("sectors", "sector", selection.Sectors, ThreatTags.Merge([], library.SelectMany(p => p.Sectors)), attack, errors);
        UnknownTags("regions", "region", selection.Regions, ThreatTags.Merge([], library.SelectMany(p => p.Regions)), attack, errors);

        // Each group once (the builder merges repeats too, but need not see a thousand copies).
        var picked = selection.Groups.Select(g => byId.GetValueOrDefault(g.Trim())).OfType<ThreatProfile>().DistinctBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ToList();
        var notices = new List<string>();
        picked.AddRange(Custom(selection, attack, errors, notices));
        var filter = new TagFilter { Sectors = selection.Sectors, Regions = selection.Regions };
        var mode = selection.Mode.Trim().ToLowerInvariant();
        if (mode is not ("actor" or "sector" or "hybrid"))
        {
            errors["mode"] = ["mode must be actor, sector or hybrid"];
        }
        else if ((mode == "actor" && picked.Count == 0 && errors.Count == 0) || (mode == "sector" && filter.IsEmpty) || (mode == "hybrid" && picked.Count == 0 && filter.IsEmpty))
        {
            errors["selection"] = [mode == "sector" ? "pick at least one sector or region" : "pick at least one group, campaign or custom profile"];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var builder = new TargetSetBuilder(time, attack);
        var set = mode switch
        {
            "sector" => builder.BuildSector(library, filter),
            "hybrid" => builder.BuildHybrid(picked, library, filter),
            _ => builder.BuildActorTargeted(picked),
        };
        var report = await coverage.ComputeAsync(attack, null, ct);
        CoverageState StateOf(TechniqueId id) => report.Find(id.Value)?.State ?? CoverageState.Gap;
        var lookup = TechniqueCoverageLookup.From(id => LevelOf(StateOf(id)));
        var score = new PriorityScore();
        var matrix = ThreatMatrix.Build(attack, set, lookup, await IncidentCountsAsync(ct), await exposures.CountsByTechniqueAsync(ct), score);
        return (new ThreatAnalysis
        {
            Attack = attack, Report = ThreatCoverage.Evaluate(set, lookup), Score = score,
            Dimensions = matrix.Rows.ToDictionary(r => r.Id), StateOf = StateOf, Notices = notices,
        }, errors);
    }

    /// <summary>Distinct incidents per technique ID over <see cref="IncidentWindow"/>, counted by the database.</summary>
    public async Task<IReadOnlyDictionary<TechniqueId, int>> IncidentCountsAsync(CancellationToken ct)
    {
        var cells = await incidents.HeatmapAsync(new HeatmapQuery { From = time.GetUtcNow() - IncidentWindow }, ct);
        var counts = new Dictionary<TechniqueId, int>();
        foreach (var cell in cells)
        {
            if (TechniqueId.TryParse(cell.TechniqueId, out var id))
            {
                counts[id] = cell.Incidents;
            }
        }

        return counts;
    }

    private static void UnknownTags(
        string field, string kind, IReadOnlyList<string> wanted, IReadOnlyList<string> known, AttackCollection attack, Dictionary<string, string[]> errors)
    {
        var unknown = wanted.Where(t => !known.Contains(ThreatTags.Normalise(t), StringComparer.Ordinal)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (unknown.Count > 0)
        {
            errors[field] = [
                .. unknown.Select(t => $"'{Echo.Clip(t, 40)}' is not a {kind} tag of {attack.Info.Key}"),
                $"the {field} of {attack.Info.Key} (GET /api/v1/threats/groups lists them): {string.Join(", ", known)}",
            ];
        }
    }

    private static IEnumerable<ThreatProfile> Custom(ThreatSelection selection, AttackCollection attack, Dictionary<string, string[]> errors, List<string> notices)
    {
        var name = string.IsNullOrWhiteSpace(selection.CustomName) ? "custom" : selection.CustomName.Trim();
        if (!string.IsNullOrWhiteSpace(selection.CustomIds))
        {
            var import = ThreatProfiles.FromIdList(name, selection.CustomIds);
            if (import.Issues.Count > 0)
            {
                errors["customIds"] = import.Issues.Select(i => i.ToString()).ToArray();
            }

            foreach (var p in import.Profiles)
            {
                yield return p;
            }
        }

        if (!string.IsNullOrWhiteSpace(selection.LayerJson))
        {
            var read = LayerReader.Read(selection.LayerJson);
            if (!read.Succeeded || read.Layers.Count != 1)
            {
                errors["layer"] = read.Succeeded ? [$"the file holds {read.Layers.Count} layers; upload one"] : read.Errors.Select(e => e.ToString()).ToArray();
                yield break;
            }

            // Technique IDs of another domain's layer mostly miss this release, or worse, name something else: say so
            // rather than measure it silently (kept, as layer validation keeps a mismatched domain as a warning).
            var domain = attack.Info.Domain.ToStixName();
            if (!string.Equals(read.Layers[0].Domain, domain, StringComparison.OrdinalIgnoreCase))
            {
                notices.Add($"the layer's domain is '{Echo.Clip(read.Layers[0].Domain, 40)}', not '{domain}' of {attack.Info.Key}: its technique IDs were read as {domain} techniques");
            }

            foreach (var p in ThreatProfiles.FromLayer(read.Layers[0]).Profiles)
            {
                yield return p;
            }
        }
    }
}
