using Tessera.Core.Coverage;

namespace Tessera.Core.Backlog;

/// <summary>
/// Turns coverage into backlog work, pure: every priority technique that is a gap, has no data, is failing, or
/// whose best rules are stale needs an active item for that reason; active items whose reason is gone close
/// automatically. One item per technique and reason, ever: a closed or done item is reopened, never duplicated.
/// </summary>
public static class BacklogReconciler
{
    /// <summary>Days from creation to the default due date: one sprint-sized month, editable per item.</summary>
    public const int DefaultDueDays = 30;

    /// <summary>Why <paramref name="technique"/> needs work, or null when it needs none (validated, or rules only untested).</summary>
    public static BacklogReason? ReasonFor(TechniqueCoverage technique) => technique.State switch
    {
        CoverageState.Gap => BacklogReason.Gap,
        CoverageState.NoData => BacklogReason.NoData,
        CoverageState.Failing => BacklogReason.Failing,
        CoverageState.RuleExists when technique.AllRules.Any(r => r.State == RuleState.Stale) => BacklogReason.Stale,
        _ => null,
    };

    /// <summary>The changes that bring <paramref name="items"/> in line with <paramref name="report"/>.</summary>
    public static BacklogPlan Plan(CoverageReport report, IReadOnlyList<BacklogItem> items, Func<Guid> newId)
    {
        var now = report.ComputedAt;
        var existing = new Dictionary<(string, BacklogReason), BacklogItem>();
        foreach (var item in items)
        {
            existing[(item.Technique.Value.ToUpperInvariant(), item.Reason)] = item;
        }

        var wanted = new HashSet<(string, BacklogReason)>();
        var create = new List<BacklogItem>();
        var reopen = new List<BacklogItem>();
        foreach (var technique in report.Techniques)
        {
            if (!technique.IsPriority || ReasonFor(technique) is not { } reason)
            {
                continue;
            }

            var key = (technique.Id.Value.ToUpperInvariant(), reason);
            wanted.Add(key);
            var detail = Detail(technique, reason);
            if (!existing.TryGetValue(key, out var item))
            {
                create.Add(new BacklogItem
                {
                    Id = newId(), Technique = technique.Id, TechniqueName = technique.Name, Reason = reason, State = BacklogState.Open,
                    Owner = technique.Owners.FirstOrDefault(), DueOn = DateOnly.FromDateTime(now.UtcDateTime.AddDays(DefaultDueDays)),
                    Detail = detail, CreatedAt = now, UpdatedAt = now,
                });
            }
            else if (!item.IsActive)
            {
                reopen.Add(item with { State = BacklogState.Open, ClosedAt = null, Detail = detail, UpdatedAt = now });
            }
        }

        var close = items.Where(i => i.IsActive && !wanted.Contains((i.Technique.Value.ToUpperInvariant(), i.Reason)))
            .Select(i => i with { State = BacklogState.ClosedAutomatically, ClosedAt = now, UpdatedAt = now, Detail = $"closed: coverage is now {StateOf(report, i)}" })
            .ToList();
        return new BacklogPlan(create, reopen, close);
    }

    private static string StateOf(CoverageReport report, BacklogItem item) =>
        report.Find(item.Technique.Value) is { } t ? (t.IsPriority ? t.State.Label() : $"{t.State.Label()}, no longer a priority") : "not in the collection";

    private static string Detail(TechniqueCoverage technique, BacklogReason reason)
    {
        static string Titles(IEnumerable<RuleCoverage> rules)
        {
            var list = rules.Select(r => r.Title).Distinct(StringComparer.Ordinal).ToList();
            return list.Count <= 3 ? string.Join("; ", list) : $"{string.Join("; ", list.Take(3))} (+{list.Count - 3} more)";
        }

        return reason switch
        {
            BacklogReason.Gap => "no enabled rule",
            BacklogReason.NoData => "missing data: " + string.Join(", ", technique.AllRules.SelectMany(r => r.MissingData).Distinct(StringComparer.OrdinalIgnoreCase).Take(5)),
            BacklogReason.Failing => "failing: " + Titles(technique.AllRules.Where(r => r.State == RuleState.Failing)),
            _ => "stale: " + Titles(technique.AllRules.Where(r => r.State == RuleState.Stale)),
        };
    }
}
