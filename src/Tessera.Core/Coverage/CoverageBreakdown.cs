namespace Tessera.Core.Coverage;

/// <summary>Technique counts per state for one slice (a tactic, a platform, a scope).</summary>
public sealed record CoverageCounts
{
    public required string Key { get; init; }
    public int Validated { get; init; }
    public int RuleExists { get; init; }
    public int Failing { get; init; }
    public int NoData { get; init; }
    public int Gap { get; init; }
    public int Total => Validated + RuleExists + Failing + NoData + Gap;

    /// <summary>Validated share in percent, rounded to one decimal for display (0 when the slice is empty).</summary>
    public double ValidatedPercent => Total == 0 ? 0 : Math.Round(100.0 * Validated / Total, 1);

    /// <summary>
    /// Whether the validated share is below <paramref name="percent"/>, judged on the exact counts: a gate must not pass
    /// 2 of 67 (2.985 %) at 3 % because the displayed figure rounds to 3.0. An empty slice is below nothing.
    /// </summary>
    public bool ValidatedBelow(double percent) => 100.0 * Validated < percent * Total;

    public int Count(CoverageState state) => state switch
    {
        CoverageState.Validated => Validated,
        CoverageState.RuleExists => RuleExists,
        CoverageState.Failing => Failing,
        CoverageState.NoData => NoData,
        _ => Gap,
    };

    public static CoverageCounts Of(string key, IEnumerable<CoverageState> states)
    {
        int v = 0, r = 0, f = 0, n = 0, g = 0;
        foreach (var s in states)
        {
            switch (s)
            {
                case CoverageState.Validated: v++; break;
                case CoverageState.RuleExists: r++; break;
                case CoverageState.Failing: f++; break;
                case CoverageState.NoData: n++; break;
                default: g++; break;
            }
        }

        return new CoverageCounts { Key = key, Validated = v, RuleExists = r, Failing = f, NoData = n, Gap = g };
    }
}

/// <summary>Rules per state for one owner or one data source.</summary>
public sealed record RuleCounts
{
    public required string Key { get; init; }
    public int Rules { get; init; }
    public int Validated { get; init; }
    public int Untested { get; init; }
    public int Stale { get; init; }
    public int Failing { get; init; }
    public int NoData { get; init; }
    public int Disabled { get; init; }

    /// <summary>Techniques the rules are tagged with.</summary>
    public int Techniques { get; init; }

    /// <summary>Counts in one pass: this runs once per owner and per data source on every recompute.</summary>
    public static RuleCounts Of(string key, IReadOnlyCollection<RuleCoverage> rules)
    {
        int validated = 0, untested = 0, stale = 0, failing = 0, noData = 0, disabled = 0;
        var techniques = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in rules)
        {
            switch (rule.State)
            {
                case RuleState.Validated: validated++; break;
                case RuleState.Untested: untested++; break;
                case RuleState.Stale: stale++; break;
                case RuleState.Failing: failing++; break;
                case RuleState.NoData: noData++; break;
                default: disabled++; break;
            }

            foreach (var t in rule.Techniques)
            {
                techniques.Add(t.Value);
            }
        }

        return new RuleCounts
        {
            Key = key, Rules = rules.Count, Validated = validated, Untested = untested, Stale = stale, Failing = failing, NoData = noData,
            Disabled = disabled, Techniques = techniques.Count,
        };
    }
}

/// <summary>A rule whose validation is overdue, in its owner's queue.</summary>
public sealed record OverdueValidation(RuleCoverage Rule, DateTimeOffset DueAt, string Reason);
