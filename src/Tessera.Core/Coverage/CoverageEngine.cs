using Tessera.Core.Attack;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Detection.Validation;

namespace Tessera.Core.Coverage;

/// <summary>
/// Computes coverage from in-memory inputs; pure and deterministic for a given clock. Per rule: disabled; no data
/// (a requirement no available source meets, or no data source declared); failing (latest validation failed);
/// validated (passing, within its cadence, and not older than a degradation of its data); otherwise untested or
/// stale. Per technique the best rule state wins: validated, failing, rule exists, no data; no enabled rule is a gap.
/// </summary>
public static class CoverageEngine
{
    /// <summary>Computes the report as of <paramref name="time"/>'s now, counting only rules that <paramref name="filter"/> selects.</summary>
    public static CoverageReport Compute(CoverageInput input, TimeProvider time, CoverageFilter? filter = null) =>
        Compute(input, time.GetUtcNow(), filter);

    /// <summary>Computes the report as of <paramref name="now"/>.</summary>
    public static CoverageReport Compute(CoverageInput input, DateTimeOffset now, CoverageFilter? filter = null)
    {
        filter ??= CoverageFilter.None;
        var matcher = new DataSourceMatcher(input.DataSources);
        var evaluated = new List<RuleCoverage>(input.Rules.Count);
        foreach (var rule in input.Rules)
        {
            var coverage = Evaluate(rule, matcher, input, now);
            if (Selected(coverage, filter))
            {
                evaluated.Add(coverage);
            }
        }

        var active = input.Attack.Techniques.Where(t => t.IsActive).ToList();
        var known = active.Select(t => t.AttackId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var renumbered = Renumbered(input, known);
        var byTechnique = new Dictionary<string, List<RuleCoverage>>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in evaluated)
        {
            foreach (var id in rule.Techniques)
            {
                var key = renumbered.GetValueOrDefault(id.Value, id.Value);
                if (!byTechnique.TryGetValue(key, out var list))
                {
                    byTechnique[key] = list = [];
                }

                // A rule tagged with both numberings (T1685 and T1562.001) counts once.
                if (key == id.Value || !list.Contains(rule))
                {
                    list.Add(rule);
                }
            }
        }

        var runs = RunsByTechnique(input.Runs, renumbered);
        var newerIds = renumbered.ToLookup(r => r.Value, r => r.Key, StringComparer.OrdinalIgnoreCase);
        var subsByParent = active.Where(t => t.IsSubtechnique).ToLookup(t => t.Id.Parent.Value, StringComparer.OrdinalIgnoreCase);
        var techniques = new List<TechniqueCoverage>(active.Count);
        foreach (var technique in active)
        {
            var own = byTechnique.GetValueOrDefault(technique.AttackId) ?? [];
            var subs = technique.IsSubtechnique
                ? []
                : subsByParent[technique.AttackId].SelectMany(s => byTechnique.GetValueOrDefault(s.AttackId) ?? []).Distinct(ReferenceEqualityComparer.Instance).Cast<RuleCoverage>().ToList();
            var subIds = technique.IsSubtechnique ? [] : subsByParent[technique.AttackId].Select(s => s.AttackId);
            techniques.Add(Technique(technique.Id, technique.Name, technique.Tactics, technique.Platforms, own, subs,
                Runs(runs, [technique.AttackId, .. subIds]), input.Priority.Contains(technique.AttackId), inCollection: true)
                with { NewerIds = newerIds[technique.AttackId].Order(StringComparer.Ordinal).ToList() });
        }

        var unknown = byTechnique.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal)
            .Select(k => Technique(TechniqueId.Parse(k), (input.Newer.Find(k) is { } n ? n.Name + ", " : "") + $"not in {input.Attack.Info.Key}", [], [], byTechnique[k], [], Runs(runs, [k]), false, inCollection: false))
            .ToList();

        return new CoverageReport
        {
            CollectionKey = input.Attack.Info.Key,
            ComputedAt = now,
            Techniques = techniques,
            UnknownTechniques = unknown,
            Rules = evaluated,
            ByTactic = TacticOrder(input.Attack).Select(t => CoverageCounts.Of(t, techniques.Where(x => x.Tactics.Contains(t)).Select(x => x.State))).ToList(),
            ByPlatform = techniques.SelectMany(t => t.Platforms).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)
                .Select(p => CoverageCounts.Of(p, techniques.Where(x => x.Platforms.Contains(p)).Select(x => x.State))).ToList(),
            ByDataSource = Group(evaluated, r => r.DataSources),
            ByOwner = Group(evaluated, r => [r.Owner ?? "(no owner)"]),
            Overdue = Overdue(evaluated, now),
        };
    }

    /// <summary>Evaluates one rule (exposed for drill-down views and tests).</summary>
    public static RuleCoverage Evaluate(RegisteredRule registered, DataSourceMatcher matcher, CoverageInput input, DateTimeOffset now)
    {
        var rule = registered.Rule;
        var priority = false;
        foreach (var t in rule.Techniques)
        {
            priority |= input.Priority.Contains(t.Value);
        }

        var cadence = input.Cadence.For(rule.Owner, priority);
        List<string>? missing = null;
        var labels = new string[rule.DataRequirements.Count];
        var index = 0;
        DateTimeOffset? degradedSince = null;
        foreach (var requirement in rule.DataRequirements)
        {
            var match = matcher.Evaluate(requirement);
            labels[index++] = match.Label;
            if (!match.Met)
            {
                (missing ??= []).Add(match.Label);
            }
            else if (match.DegradedSince is { } d && (degradedSince is null || d > degradedSince))
            {
                degradedSince = d;
            }
        }

        if (rule.DataRequirements.Count == 0)
        {
            missing = ["no data source declared"];
        }

        DateTimeOffset? due = rule.LastTested + cadence;
        var state = !rule.Enabled ? RuleState.Disabled
            : missing is not null ? RuleState.NoData
            : rule.Validation switch
            {
                ValidationStatus.TestedFailing => RuleState.Failing,
                ValidationStatus.TestedPassing when due < now || degradedSince > rule.LastTested => RuleState.Stale,
                ValidationStatus.TestedPassing => RuleState.Validated,
                _ => RuleState.Untested,
            };
        return new RuleCoverage
        {
            RuleId = registered.Id,
            Title = rule.Title,
            ExternalId = rule.ExternalId,
            Source = rule.Source,
            Owner = rule.Owner,
            State = state,
            Techniques = rule.Techniques,
            LastTested = rule.LastTested,
            DueAt = due,
            MissingData = (IReadOnlyList<string>?)missing ?? [],
            DataSources = labels,
            DegradedSince = degradedSince,
        };
    }

    private static List<RuleCounts> Group(List<RuleCoverage> rules, Func<RuleCoverage, IReadOnlyList<string>> keys)
    {
        var groups = new Dictionary<string, List<RuleCoverage>>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in rules)
        {
            foreach (var key in keys(rule))
            {
                if (!groups.TryGetValue(key, out var list))
                {
                    groups[key] = list = [];
                }

                list.Add(rule);
            }
        }

        return groups.OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase).Select(g => RuleCounts.Of(g.Key, g.Value)).ToList();
    }

    private static bool Selected(RuleCoverage rule, CoverageFilter filter) =>
        (string.IsNullOrWhiteSpace(filter.Owner) || string.Equals(rule.Owner, filter.Owner.Trim(), StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrWhiteSpace(filter.DataSource)
            || rule.DataSources.Any(d => d.Contains(filter.DataSource.Trim(), StringComparison.OrdinalIgnoreCase)));

    private static TechniqueCoverage Technique(TechniqueId id, string name, IReadOnlyList<string> tactics, IReadOnlyList<string> platforms,
        IReadOnlyList<RuleCoverage> own, IReadOnlyList<RuleCoverage> subs, (int Count, DateTimeOffset? Last) runs, bool priority, bool inCollection)
    {
        var ownState = Best(own);
        var state = Best(subs).Rank() < ownState.Rank() ? Best(subs) : ownState;
        return new TechniqueCoverage
        {
            Id = id,
            Name = name,
            Tactics = tactics,
            Platforms = platforms,
            State = state,
            RolledUp = state != ownState,
            IsPriority = priority,
            InCollection = inCollection,
            Rules = own,
            SubtechniqueRules = subs,
            TestRuns = runs.Count,
            LastTested = runs.Last,
            Owners = Owners(own, subs),
        };
    }

    private static IReadOnlyList<string> Owners(IReadOnlyList<RuleCoverage> own, IReadOnlyList<RuleCoverage> subs)
    {
        var owners = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in own)
        {
            if (rule.Owner is not null) owners.Add(rule.Owner);
        }

        foreach (var rule in subs)
        {
            if (rule.Owner is not null) owners.Add(rule.Owner);
        }

        return owners.Count == 0 ? [] : owners.ToList();
    }

    private static CoverageState Best(IReadOnlyList<RuleCoverage> rules)
    {
        var best = CoverageState.Gap;
        foreach (var rule in rules)
        {
            if (rule.Contributes is { } s && s.Rank() < best.Rank())
            {
                best = s;
            }
        }

        return best;
    }

    // Rule tags and test IDs of a newer ATT&CK release that the loaded collection knows under another ID (v19's T1685
    // is 18.1's T1562.001): they count for that technique, so 18.1 coverage does not show a gap where current Sigma
    // content has dozens of rules. Only IDs the collection lacks are renamed; an ID it knows is never reinterpreted.
    private static Dictionary<string, string> Renumbered(CoverageInput input, HashSet<string> known)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var newer in input.Newer.All)
        {
            if (newer.SameAsId is { } same && known.Contains(same) && !known.Contains(newer.Id))
            {
                map[newer.Id] = same;
            }
        }

        return map;
    }

    private static Dictionary<string, (int Count, DateTimeOffset Last)> RunsByTechnique(IReadOnlyList<ValidationRun> runs, Dictionary<string, string> renumbered)
    {
        var map = new Dictionary<string, (int Count, DateTimeOffset Last)>(StringComparer.OrdinalIgnoreCase);
        foreach (var run in runs)
        {
            var key = renumbered.GetValueOrDefault(run.Technique.Value, run.Technique.Value);
            map[key] = map.TryGetValue(key, out var v)
                ? (v.Count + 1, run.ExecutedAt > v.Last ? run.ExecutedAt : v.Last)
                : (1, run.ExecutedAt);
        }

        return map;
    }

    private static (int Count, DateTimeOffset? Last) Runs(Dictionary<string, (int Count, DateTimeOffset Last)> runs, IEnumerable<string> ids)
    {
        int count = 0;
        DateTimeOffset? last = null;
        foreach (var id in ids)
        {
            if (runs.TryGetValue(id, out var v))
            {
                count += v.Count;
                last = last is null || v.Last > last ? v.Last : last;
            }
        }

        return (count, last);
    }

    private static List<OverdueValidation> Overdue(List<RuleCoverage> rules, DateTimeOffset now) =>
        rules.Where(r => r.State == RuleState.Stale || r.State == RuleState.Failing && r.DueAt < now)
            .Select(r => new OverdueValidation(r, r.DueAt!.Value,
                r.DegradedSince > r.LastTested && r.DueAt >= now
                    ? $"data source degraded on {r.DegradedSince:yyyy-MM-dd}, after the last passing test"
                    : $"last tested {r.LastTested:yyyy-MM-dd}, due {r.DueAt:yyyy-MM-dd}"))
            .OrderBy(o => o.DueAt).ThenBy(o => o.Rule.Title, StringComparer.Ordinal)
            .ToList();

    /// <summary>Tactic short names in matrix column order (first matrix), then any others techniques use.</summary>
    public static IReadOnlyList<string> TacticOrder(AttackCollection attack)
    {
        var order = attack.Matrices.FirstOrDefault()?.TacticRefs
            .Select(r => attack.FindByStixId<Tactic>(r)?.ShortName).OfType<string>().ToList() ?? [];
        order.AddRange(attack.Tactics.Where(t => t.IsActive).Select(t => t.ShortName).Where(s => !order.Contains(s)));
        return order;
    }
}
